// The seam between replay and the policies/targets engine: a replay preview shows each channel's
// target before → after, and "after" is the engine's own per-SKU computation (targetsForRow over the
// current policy) run inside the dry-run transaction, so it sees the book as the replay would leave it.
// Nothing is written: the targets worker writes the real targets once the apply marks the SKUs dirty.
import { Prisma } from "@prisma/client";
import type pg from "pg";
import { db, type TTx } from "@/server/db";
import { currentPolicy } from "@/server/policies/current";
import { loadSkuStock, loadWorld } from "@/server/targets/inputs";
import { targetsForRow } from "@/server/targets/recompute";

export type TTargetAfter = { skuId: number; channelId: number; after: number };

const BATCH = 5_000;

/**
 * The engine's readers take a Prisma client; the dry run is a pg transaction. They only use
 * `$queryRaw` tagged templates, so this runs those on the dry run's connection (same SQL, same params).
 */
function rawQueriesOn(client: pg.ClientBase): TTx {
  const $queryRaw = async (strings: TemplateStringsArray, ...values: unknown[]) => {
    const sql = Prisma.sql(strings, ...(values as Prisma.Sql[]));
    return (await client.query(sql.text, sql.values)).rows;
  };
  return { $queryRaw } as unknown as TTx;
}

/** Every channel's target for these SKUs, from the book as the dry run (the caller's transaction) left it. */
export async function targetsAfterDryRun(client: pg.ClientBase, skuIds: number[]): Promise<TTargetAfter[]> {
  if (skuIds.length === 0) return [];
  const tx = rawQueriesOn(client);
  // the published policy is not something a replay changes: read it as committed (and cached by version)
  const { policy } = await currentPolicy(db);
  const world = await loadWorld(tx);
  const out: TTargetAfter[] = [];
  for (let i = 0; i < skuIds.length; i += BATCH) {
    for (const row of await loadSkuStock(tx, skuIds.slice(i, i + BATCH))) {
      targetsForRow(policy, world, row, (t) => out.push({ skuId: t.skuId, channelId: world.channels[t.channelIndex]!.id, after: t.after }));
    }
  }
  return out;
}
