// REST helpers for the notification routes: path ids (anything malformed is simply not found) and
// JSON bodies where sending none means `{}`.
import type { z } from "zod";
import { readBodyText, requireContentType, zodDetails } from "@/server/http/rest";
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

export async function parseBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const text = (await readBodyText(request, NOTIFICATION_BODY_MAX_BYTES)).trim();
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
