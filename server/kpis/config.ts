import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { TTx } from "@/server/db";

export const KPI_CONFIG_KEY = "kpis.config";

/** app_setting `kpis.config`: accuracy counts a SKU × channel as accurate when |exposed − target| ≤ the tolerance. */
export const ZKpiConfig = z.object({ accuracyToleranceUnits: z.number().int().min(0).max(1_000_000).default(0) });
export type TKpiConfig = z.infer<typeof ZKpiConfig>;

export async function loadKpiConfig(tx: TTx): Promise<TKpiConfig> {
  const row = await tx.appSetting.findUnique({ where: { key: KPI_CONFIG_KEY } });
  const parsed = ZKpiConfig.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : ZKpiConfig.parse({});
}

export async function saveKpiConfig(tx: TTx, patch: Partial<TKpiConfig>): Promise<TKpiConfig> {
  const value = ZKpiConfig.parse({ ...(await loadKpiConfig(tx)), ...patch });
  await tx.appSetting.upsert({
    where: { key: KPI_CONFIG_KEY },
    create: { key: KPI_CONFIG_KEY, value: value as Prisma.InputJsonValue },
    update: { value: value as Prisma.InputJsonValue },
  });
  return value;
}
