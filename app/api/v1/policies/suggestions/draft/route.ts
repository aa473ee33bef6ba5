import { draftFromSuggestions } from "@/server/advisor/draft";
import { ZSuggestionsDraft } from "@/server/advisor/advisor.types";
import { CAN } from "@/server/auth/roles";
import { jsonResponse, parseJsonBody, restHandler } from "@/server/http/rest";

const BODY_MAX_BYTES = 64 * 1024;

export const POST = restHandler({ auth: "user", roles: CAN.edit_policies }, async ({ request, principal }) => {
  const body = await parseJsonBody(request, ZSuggestionsDraft, BODY_MAX_BYTES);
  return jsonResponse(await draftFromSuggestions(body, principal.user.email), { status: 201 });
});
