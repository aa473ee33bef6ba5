import { CAN } from "@/server/auth/roles";
import { jsonResponse, restHandler } from "@/server/http/rest";
import { rotateSecret } from "@/server/notifications/endpoints";
import { endpointIdParam } from "@/server/notifications/http";

export const dynamic = "force-dynamic";

export const POST = restHandler({ auth: "user", roles: CAN.manage_notifications }, async ({ params, principal }) =>
  jsonResponse(await rotateSecret(endpointIdParam(params.id), principal.user)),
);
