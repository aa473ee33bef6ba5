import { CAN } from "@/server/auth/roles";
import { jsonResponse, parseJsonBody, restHandler } from "@/server/http/rest";
import { ZReconciliationSettingsChange } from "@/server/reconciliation/reconciliation.types";
import { loadReconciliationSettings, saveReconciliationSettings } from "@/server/reconciliation/settings";

export const dynamic = "force-dynamic";

export const GET = restHandler({ auth: "user" }, async () => jsonResponse(await loadReconciliationSettings()));

/** Tolerances apply from the next run: a run keeps the ones it started with. */
export const PUT = restHandler({ auth: "user", roles: CAN.edit_reconciliation_settings }, async ({ request, principal }) => {
  const value = await parseJsonBody(request, ZReconciliationSettingsChange, 64 * 1024);
  return jsonResponse(await saveReconciliationSettings(value, principal.user.email));
});
