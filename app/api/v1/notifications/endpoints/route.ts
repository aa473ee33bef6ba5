import { CAN } from "@/server/auth/roles";
import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";
import { createEndpoint, listEndpoints } from "@/server/notifications/endpoints";
import { parseBody } from "@/server/notifications/http";
import { ZEndpointCreate, ZEndpointListQuery } from "@/server/notifications/notifications.types";

export const dynamic = "force-dynamic";

export const GET = restHandler({ auth: "user" }, async ({ request }) => jsonResponse(await listEndpoints(parseQuery(request, ZEndpointListQuery))));

export const POST = restHandler({ auth: "user", roles: CAN.manage_notifications }, async ({ request, principal }) => {
  const input = await parseBody(request, ZEndpointCreate);
  return jsonResponse(await createEndpoint(input, principal.user), { status: 201 });
});
