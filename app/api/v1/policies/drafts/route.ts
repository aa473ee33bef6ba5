import { CAN } from "@/server/auth/roles";
import { jsonResponse, parseJsonBody, restHandler } from "@/server/http/rest";
import { POLICY_BODY_MAX_BYTES, ZCreateDraft } from "@/server/policies/policy.types";
import { createDraft } from "@/server/policies/versions";

export const POST = restHandler({ auth: "user", roles: CAN.edit_policies }, async ({ request, principal }) => {
  const body = await parseJsonBody(request, ZCreateDraft, POLICY_BODY_MAX_BYTES);
  return jsonResponse(await createDraft(body, principal.user.email), { status: 201 });
});
