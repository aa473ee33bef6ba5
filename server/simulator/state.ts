import { randomBytes } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { db } from "@/server/db";
import type { TSimState } from "./model";

// The simulator's counters live in the database they describe (app_setting), never beside it in
// the data folder: a fresh database gets fresh counters, so its WMS stream starts at 1 as the
// database expects, whatever an older data folder still holds.
const STATE_KEY = "simulator.state";

/** Counters that must survive restarts (the WMS sequence stream, unique event ids). */
export async function loadSimState(): Promise<TSimState> {
  const row = await db.appSetting.findUnique({ where: { key: STATE_KEY } });
  const v = row?.value as Partial<TSimState> | null | undefined;
  if (v && typeof v.runId === "string" && Number.isInteger(v.counter) && Number.isInteger(v.wmsSequence)) {
    return { runId: v.runId, counter: v.counter!, wmsSequence: v.wmsSequence! };
  }
  return { runId: randomBytes(3).toString("hex"), counter: 0, wmsSequence: 0 };
}

export async function saveSimState(state: TSimState) {
  const value = { runId: state.runId, counter: state.counter, wmsSequence: state.wmsSequence } as Prisma.InputJsonValue;
  await db.appSetting.upsert({ where: { key: STATE_KEY }, create: { key: STATE_KEY, value }, update: { value } });
}

/** The demo catalogue as the simulator needs it: codes and Shopify inventory item ids. */
export async function demoSkusForSimulator() {
  const rows = await db.sku.findMany({ select: { code: true, upc: true, aliases: { select: { alias: true } } }, orderBy: { code: "asc" } });
  return rows.map((r) => ({ code: r.code, upc: r.upc ?? undefined, shopifyItem: r.aliases.find((a) => /^\d+$/.test(a.alias))?.alias }));
}
