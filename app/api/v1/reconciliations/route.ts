import { CAN } from "@/server/auth/roles";
import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";
import { listRuns } from "@/server/reconciliation/queries";
import { ZRunListQuery, ZStartRun } from "@/server/reconciliation/reconciliation.types";
import { startRun } from "@/server/reconciliation/start";
import { parseBodyOrEmpty } from "@/server/replay/http";

export const dynamic = "force-dynamic";

export const POST = restHandler({ auth: "user", roles: CAN.reconcile }, async ({ request, principal }) => {
  const input = await parseBodyOrEmpty(request, ZStartRun);
  return jsonResponse(await startRun(input, { trigger: "manual", by: principal.user.email }), { status: 202 });
});

export const GET = restHandler({ auth: "user" }, async ({ request }) => jsonResponse(await listRuns(parseQuery(request, ZRunListQuery))));
