import { jsonResponse, restHandler } from "@/server/http/rest";
import { messageIdParam } from "@/server/notifications/http";
import { getMessage } from "@/server/notifications/messages";

export const dynamic = "force-dynamic";

export const GET = restHandler({ auth: "user" }, async ({ params }) => jsonResponse(await getMessage(messageIdParam(params.id))));
