// Tolerances (app_setting `reconciliation.settings`): a run reads them once when it starts, so a
// change applies from the next run.
import type { Prisma } from "@prisma/client";
import { recordAudit } from "@/server/audit/audit";
import { db, type TTx } from "@/server/db";
import { ZReconciliationSettings, type TReconciliationSettings, type TReconciliationSettingsChange } from "./reconciliation.types";

export const SETTINGS_KEY = "reconciliation.settings";
export const DEFAULT_SETTINGS: TReconciliationSettings = { toleranceUnits: 0, tolerancePercent: 0 };

export async function loadReconciliationSettings(tx: TTx = db): Promise<TReconciliationSettings> {
  const row = await tx.appSetting.findUnique({ where: { key: SETTINGS_KEY } });
  const parsed = ZReconciliationSettings.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** Changes the tolerances (a field left out keeps its value), audited in the same transaction. */
export async function saveReconciliationSettings(change: TReconciliationSettingsChange, actorEmail: string): Promise<TReconciliationSettings> {
  return db.$transaction(async (tx) => {
    const before = await loadReconciliationSettings(tx);
    const next = ZReconciliationSettings.parse({ ...before, ...change });
    await tx.appSetting.upsert({
      where: { key: SETTINGS_KEY },
      create: { key: SETTINGS_KEY, value: next as Prisma.InputJsonValue },
      update: { value: next as Prisma.InputJsonValue },
    });
    await recordAudit(tx, { actorEmail, action: "reconciliation.settings", targetType: "setting", targetId: SETTINGS_KEY, details: { before, after: next } });
    return next;
  });
}
