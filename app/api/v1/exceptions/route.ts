import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";
import { ZExceptionListQuery } from "@/server/exceptions/exceptions.types";
import { listExceptions, toContract } from "@/server/exceptions/queries";

export const dynamic = "force-dynamic";

export const GET = restHandler({ auth: "user" }, async ({ request, principal }) => {
  const query = parseQuery(request, ZExceptionListQuery);
  const page = await listExceptions(query, principal.user.email);
  return jsonResponse({ items: page.items.map(toContract), nextCursor: page.nextCursor });
});
