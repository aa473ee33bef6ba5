import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";
import { listOrders } from "@/server/orders/list";
import { ZOrdersPage, ZOrdersQuery } from "@/server/orders/orders.types";

/** GET /api/v1/orders: orders by state and age (a connector key is 403). */
export const GET = restHandler({ auth: "user" }, async ({ request }) => {
  const query = parseQuery(request, ZOrdersQuery);
  // Parsing through the contract schema keeps exactly the documented fields.
  return jsonResponse(ZOrdersPage.parse(await listOrders(query)));
});
