// THE SEAM between replay and the policies/targets engine (issue 7, branch `policies`, not on main
// yet). A replay preview shows each channel's target before → after; the "after" must come from the
// engine's per-SKU target computation, run inside the dry-run transaction so it sees the book as the
// replay would leave it. Until the engine lands, targets stay as they are (after = before), so a
// preview shows no target changes; when it lands, this one function calls it.
import type pg from "pg";

export type TTargetAfter = { skuId: number; channelId: number; after: number };

/**
 * Every channel's target for these SKUs, computed from the book as the dry run left it (the caller's
 * transaction). Returns the SKU × channel rows the engine would write; none while there is no engine.
 */
export async function targetsAfterDryRun(_client: pg.ClientBase, _skuIds: number[]): Promise<TTargetAfter[]> {
  return [];
}
