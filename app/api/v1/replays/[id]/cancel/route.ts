import { z } from "zod";
import { CAN } from "@/server/auth/roles";
import { jsonResponse, restHandler } from "@/server/http/rest";
import { cancelPlan } from "@/server/replay/apply";
import { parseBodyOrEmpty, planIdParam } from "@/server/replay/http";

export const dynamic = "force-dynamic";

const ZCancel = z.strictObject({ reason: z.string().trim().max(1000).optional() });

export const POST = restHandler({ auth: "user", roles: CAN.replay }, async ({ request, params, principal }) => {
  const id = planIdParam(params.id);
  const { reason } = await parseBodyOrEmpty(request, ZCancel);
  return jsonResponse(await cancelPlan(id, principal.user.email, reason));
});
