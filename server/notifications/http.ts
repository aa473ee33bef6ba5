// REST helpers for the notification routes: path ids (anything malformed is simply not found) and
// JSON bodies where sending none means `{}`.
import type { z } from "zod";
import { parseJsonBodyOrEmpty } from "@/server/http/rest";
import { AppError } from "@/server/lib/errors";
import { NOTIFICATION_BODY_MAX_BYTES, ZEndpointId, ZMessageId } from "./notifications.types";

export function endpointIdParam(raw: string | undefined): string {
  const parsed = ZEndpointId.safeParse(raw);
  if (!parsed.success) throw new AppError("not_found", `No notification endpoint ${raw ?? ""}.`);
  return parsed.data;
}

export function messageIdParam(raw: string | undefined): string {
  const parsed = ZMessageId.safeParse(raw);
  if (!parsed.success) throw new AppError("not_found", `No notification message ${raw ?? ""}.`);
  return parsed.data;
}

/** A JSON body (none at all means `{}`). */
export async function parseBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  return parseJsonBodyOrEmpty(request, schema, NOTIFICATION_BODY_MAX_BYTES);
}
