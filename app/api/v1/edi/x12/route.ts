import { postX12 } from "@/server/edi/post-x12";
import { X12_CONTENT_TYPE } from "@/server/edi/x12.types";
import { jsonResponse, readBodyText, requireContentType, restHandler } from "@/server/http/rest";
import { enforceRateLimit, MAX_BODY_BYTES } from "@/server/ingest/post-events";

/** POST /api/v1/edi/x12: X12 interchanges (846, 850, 997) from a connector, mapped to contract events. */
export const POST = restHandler({ auth: "connector" }, async ({ request, principal, log }) => {
  await enforceRateLimit(principal.connector);
  requireContentType(request, [X12_CONTENT_TYPE]);
  const body = await readBodyText(request, MAX_BODY_BYTES);
  return jsonResponse(await postX12(principal.connector, body, log));
});
