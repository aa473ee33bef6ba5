import { CAN } from "@/server/auth/roles";
import { jsonResponse, restHandler } from "@/server/http/rest";
import { recoverFailed } from "@/server/notifications/endpoints";
import { endpointIdParam, parseBody } from "@/server/notifications/http";
import { ZRecover } from "@/server/notifications/notifications.types";

export const dynamic = "force-dynamic";

export const POST = restHandler({ auth: "user", roles: CAN.manage_notifications }, async ({ request, params, principal }) => {
  const id = endpointIdParam(params.id);
  const { since } = await parseBody(request, ZRecover);
  return jsonResponse(await recoverFailed(id, since, principal.user));
});
