import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";
import { listInventory, ZInventoryQuery } from "@/server/inventory/queries";

export const GET = restHandler({ auth: "user" }, async ({ request }) => {
  return jsonResponse(await listInventory(parseQuery(request, ZInventoryQuery)));
});
