import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { db } from "@/server/db";
import type { TSimState } from "./model";

function file() {
  return path.resolve(process.env.SIGHTLINE_DATA_DIR ?? ".sightline", "simulator-state.json");
}

/** Counters that must survive restarts (the WMS sequence stream, unique event ids). */
export async function loadSimState(): Promise<TSimState> {
  try {
    return JSON.parse(await readFile(file(), "utf8")) as TSimState;
  } catch {
    return { runId: randomBytes(3).toString("hex"), counter: 0, wmsSequence: 0 };
  }
}

export async function saveSimState(state: TSimState) {
  await writeFile(file(), JSON.stringify(state));
}

/** The demo catalogue as the simulator needs it: codes and Shopify inventory item ids. */
export async function demoSkusForSimulator() {
  const rows = await db.sku.findMany({ select: { code: true, upc: true, aliases: { select: { alias: true } } }, orderBy: { code: "asc" } });
  return rows.map((r) => ({ code: r.code, upc: r.upc ?? undefined, shopifyItem: r.aliases.find((a) => /^\d+$/.test(a.alias))?.alias }));
}
