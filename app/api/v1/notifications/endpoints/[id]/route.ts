import { CAN } from "@/server/auth/roles";
import { jsonResponse, restHandler } from "@/server/http/rest";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/server/notifications/endpoints";
import { endpointIdParam, parseBody } from "@/server/notifications/http";
import { ZEndpointPatch } from "@/server/notifications/notifications.types";

export const dynamic = "force-dynamic";

export const GET = restHandler({ auth: "user" }, async ({ params }) => jsonResponse(await getEndpoint(endpointIdParam(params.id))));

export const PATCH = restHandler({ auth: "user", roles: CAN.manage_notifications }, async ({ request, params, principal }) => {
  const id = endpointIdParam(params.id);
  return jsonResponse(await updateEndpoint(id, await parseBody(request, ZEndpointPatch), principal.user));
});

export const DELETE = restHandler({ auth: "user", roles: CAN.manage_notifications }, async ({ params, principal }) => {
  await deleteEndpoint(endpointIdParam(params.id), principal.user);
  return new Response(null, { status: 204 });
});
