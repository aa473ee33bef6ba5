import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";
import { ZPreviewQuery } from "@/server/policies/policy.types";
import { previewDraft } from "@/server/policies/preview";

export const GET = restHandler({ auth: "user" }, async ({ request, params }) => {
  const query = parseQuery(request, ZPreviewQuery);
  return jsonResponse(await previewDraft(params.id!, { limit: query.limit }));
});
