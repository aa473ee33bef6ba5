import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";
import { ZKpiQuery } from "@/server/kpis/kpis.types";
import { kpiReport, toKpiResponse } from "@/server/kpis/report";

export const dynamic = "force-dynamic";

export const GET = restHandler({ auth: "user" }, async ({ request }) => {
  const query = parseQuery(request, ZKpiQuery);
  return jsonResponse(toKpiResponse(await kpiReport(query)));
});
