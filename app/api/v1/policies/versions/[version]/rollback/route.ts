import { CAN } from "@/server/auth/roles";
import { jsonResponse, parseJsonBody, restHandler } from "@/server/http/rest";
import { AppError } from "@/server/lib/errors";
import { POLICY_BODY_MAX_BYTES, ZRollback } from "@/server/policies/policy.types";
import { rollbackToVersion } from "@/server/policies/versions";

export const POST = restHandler({ auth: "user", roles: CAN.edit_policies }, async ({ request, params, principal }) => {
  const version = Number(params.version);
  if (!Number.isInteger(version) || version < 1) throw new AppError("invalid_query", "version must be a positive whole number, as listed by GET /api/v1/policies.");
  const body = await parseJsonBody(request, ZRollback, POLICY_BODY_MAX_BYTES);
  return jsonResponse(await rollbackToVersion(version, body.reason, principal.user.email));
});
