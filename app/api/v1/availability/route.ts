import { parseQuery, restHandler } from "@/server/http/rest";
import { availabilityEtag, listAvailability, matchesIfNoneMatch } from "@/server/targets/availability";
import { ZAvailabilityQuery } from "@/server/targets/availability.types";

export const GET = restHandler({ auth: "any" }, async ({ request, principal }) => {
  const query = parseQuery(request, ZAvailabilityQuery);
  const body = JSON.stringify(await listAvailability(principal, query));
  const etag = availabilityEtag(body);
  // Clients may keep the page but must revalidate: If-None-Match answers 304 while nothing changed.
  const headers = { etag, "cache-control": "private, no-cache" };
  if (matchesIfNoneMatch(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, "content-type": "application/json; charset=utf-8" } });
});
