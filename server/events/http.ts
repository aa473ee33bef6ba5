import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";
import { ZEventsPage, ZEventsQuery } from "./events.types";
import { listEvents } from "./list";

/** GET /api/v1/events: the event log for a user (a connector key is 403). */
export const getEvents = restHandler({ auth: "user" }, async ({ request }) => {
  const query = parseQuery(request, ZEventsQuery);
  // Parsing through the contract schema keeps exactly the documented fields.
  return jsonResponse(ZEventsPage.parse(await listEvents(query)));
});
