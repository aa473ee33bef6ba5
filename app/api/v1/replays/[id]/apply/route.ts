import { CAN } from "@/server/auth/roles";
import { jsonResponse, restHandler } from "@/server/http/rest";
import { applyPlan } from "@/server/replay/apply";
import { parseBodyOrEmpty, planIdParam } from "@/server/replay/http";
import { ZReplayReason } from "@/server/replay/replay.types";

export const dynamic = "force-dynamic";

export const POST = restHandler({ auth: "user", roles: CAN.replay }, async ({ request, params, principal }) => {
  const id = planIdParam(params.id);
  const { reason } = await parseBodyOrEmpty(request, ZReplayReason);
  const result = await applyPlan(id, reason, principal.user.email);
  // a large plan applies in the background: 202 while it runs, GET /api/v1/replays/{id} follows it
  return jsonResponse(result, { status: result.status === "applying" ? 202 : 200 });
});
