import { CAN } from "@/server/auth/roles";
import { jsonResponse, parseJsonBody, restHandler } from "@/server/http/rest";
import { POLICY_BODY_MAX_BYTES, ZPublish } from "@/server/policies/policy.types";
import { publishDraft } from "@/server/policies/versions";

export const POST = restHandler({ auth: "user", roles: CAN.edit_policies }, async ({ request, params, principal }) => {
  const body = await parseJsonBody(request, ZPublish, POLICY_BODY_MAX_BYTES);
  return jsonResponse(await publishDraft(params.id!, body.reason, principal.user.email));
});
