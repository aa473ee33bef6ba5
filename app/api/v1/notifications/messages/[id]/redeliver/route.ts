import { CAN } from "@/server/auth/roles";
import { jsonResponse, restHandler } from "@/server/http/rest";
import { messageIdParam } from "@/server/notifications/http";
import { redeliverMessage } from "@/server/notifications/messages";

export const dynamic = "force-dynamic";

export const POST = restHandler({ auth: "user", roles: CAN.manage_notifications }, async ({ params, principal }) =>
  jsonResponse(await redeliverMessage(messageIdParam(params.id), principal.user)),
);
