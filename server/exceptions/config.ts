import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { TTx } from "@/server/db";
import { DEFAULT_SLA_MINUTES, EXCEPTION_KINDS, type TExceptionKind } from "./kinds";

export const CONFIG_KEY = "exceptions.config";

/** app_setting `exceptions.config`: every field optional, defaults below. */
export const ZExceptionConfig = z.object({
  slaMinutes: z.partialRecord(z.enum(EXCEPTION_KINDS), z.number().int().min(1).max(525_600)).default({}),
  /** system_drift opens at |erpOnHand − wmsOnHand| ≥ this */
  systemDriftThreshold: z.number().int().min(1).default(1),
  /** conflicting_duplicate resolves itself after this long without a new conflict in its scope */
  conflictQuietSeconds: z.number().int().min(1).default(3600),
  /** reservation_conflict resolves itself after this long without a new one (when nothing else healed it) */
  reservationQuietSeconds: z.number().int().min(1).default(3600),
});
export type TExceptionConfig = z.infer<typeof ZExceptionConfig>;

export type TResolvedConfig = Omit<TExceptionConfig, "slaMinutes"> & { slaMinutes: Record<TExceptionKind, number> };

export function resolveConfig(raw: unknown): TResolvedConfig {
  const parsed = ZExceptionConfig.safeParse(raw ?? {});
  const config = parsed.success ? parsed.data : ZExceptionConfig.parse({});
  return { ...config, slaMinutes: { ...DEFAULT_SLA_MINUTES, ...config.slaMinutes } };
}

export async function loadConfig(tx: TTx): Promise<TResolvedConfig> {
  const row = await tx.appSetting.findUnique({ where: { key: CONFIG_KEY } });
  return resolveConfig(row?.value);
}

/** Merges a partial config into the stored one (tests, Settings). */
export async function saveConfig(tx: TTx, patch: Partial<TExceptionConfig>) {
  const row = await tx.appSetting.findUnique({ where: { key: CONFIG_KEY } });
  const current = ZExceptionConfig.parse(row?.value ?? {});
  const value = ZExceptionConfig.parse({ ...current, ...patch, slaMinutes: { ...current.slaMinutes, ...patch.slaMinutes } });
  await tx.appSetting.upsert({
    where: { key: CONFIG_KEY },
    create: { key: CONFIG_KEY, value: value as Prisma.InputJsonValue },
    update: { value: value as Prisma.InputJsonValue },
  });
  return resolveConfig(value);
}
