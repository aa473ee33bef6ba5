import { getEvents } from "@/server/events/http";
import { jsonTextResponse, readBodyText, requireContentType, restHandler } from "@/server/http/rest";
import { enforceRateLimit, MAX_BODY_BYTES, postEvents } from "@/server/ingest/post-events";

export const GET = getEvents;

export const POST = restHandler({ auth: "connector" }, async ({ request, principal, log }) => {
  await enforceRateLimit(principal.connector);
  const contentType = requireContentType(request, ["application/json", "application/x-ndjson"]) as "application/json" | "application/x-ndjson";
  const body = await readBodyText(request, MAX_BODY_BYTES);
  return jsonTextResponse(await postEvents({ connector: principal.connector, contentType, body, log }));
});
