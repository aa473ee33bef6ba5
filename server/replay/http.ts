import type { z } from "zod";
import { parseJsonBodyOrEmpty } from "@/server/http/rest";
import { AppError } from "@/server/lib/errors";
import { REPLAY_BODY_MAX_BYTES, ZPlanId } from "./replay.types";

/** A plan id from the path; anything that is not one is simply not found. */
export function planIdParam(raw: string | undefined): string {
  const parsed = ZPlanId.safeParse(raw);
  if (!parsed.success) throw new AppError("not_found", `There is no replay plan ${raw ?? ""}.`);
  return parsed.data;
}

/** A JSON body where sending none at all means `{}` (so a missing reason is a 400 that says so, not a 415). */
export async function parseBodyOrEmpty<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  return parseJsonBodyOrEmpty(request, schema, REPLAY_BODY_MAX_BYTES);
}
