import type { z } from "zod";
import { readBodyText, requireContentType, zodDetails } from "@/server/http/rest";
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
  const text = (await readBodyText(request, REPLAY_BODY_MAX_BYTES)).trim();
  let raw: unknown = {};
  if (text) {
    requireContentType(request, ["application/json"]);
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new AppError("invalid_body", `The body is not valid JSON: ${(e as Error).message}`);
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const details = zodDetails(parsed.error);
    throw new AppError("invalid_field", `${details[0]!.path}: ${details[0]!.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}`, { details });
  }
  return parsed.data;
}
