import { jsonResponse, readBodyText, restHandler } from "@/server/http/rest";
import { MAX_BODY_BYTES } from "@/server/ingest/post-events";
import { receiveShopifyWebhook } from "@/server/shopify/webhook";

// Shopify authenticates with its HMAC, not a bearer token.
export const POST = restHandler({ auth: "public" }, async ({ request, params, log }) => {
  const rawBody = await readBodyText(request, MAX_BODY_BYTES);
  const result = await receiveShopifyWebhook({ connectorCode: params.connector ?? "", headers: request.headers, rawBody, log });
  return jsonResponse(result);
});
