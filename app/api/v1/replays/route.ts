import { CAN } from "@/server/auth/roles";
import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";
import { parseBodyOrEmpty } from "@/server/replay/http";
import { createPlan } from "@/server/replay/plan";
import { listPlans } from "@/server/replay/queries";
import { ZCreatePlan, ZPlanListQuery } from "@/server/replay/replay.types";

export const dynamic = "force-dynamic";

export const POST = restHandler({ auth: "user", roles: CAN.replay }, async ({ request, principal }) => {
  const { selector } = await parseBodyOrEmpty(request, ZCreatePlan);
  return jsonResponse(await createPlan(selector, principal.user.email));
});

export const GET = restHandler({ auth: "user" }, async ({ request }) => jsonResponse(await listPlans(parseQuery(request, ZPlanListQuery))));
