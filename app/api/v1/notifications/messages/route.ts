import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";
import { listMessages } from "@/server/notifications/messages";
import { ZMessageListQuery } from "@/server/notifications/notifications.types";

export const dynamic = "force-dynamic";

export const GET = restHandler({ auth: "user" }, async ({ request }) => jsonResponse(await listMessages(parseQuery(request, ZMessageListQuery))));
