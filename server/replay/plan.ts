// A replay plan (POST /api/v1/replays): the selected events run through the real reprocessing in a
// transaction that is rolled back, so the preview is exactly what applying would do, and nothing
// changes. The plan keeps the events (in apply order), the counts, the effects and the basis.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { inPgTransaction } from "@/server/database/pg-transaction";
import { pgPool } from "@/server/db";
import { logger } from "@/server/lib/logger";
import { reprocessEvents } from "@/server/ingest/reprocess";
import { bookEffects, targetEffects, type TBasis } from "./books";
import { describeEvents } from "./describe";
import { getPlan } from "./queries";
import type { TEffect, TPlanPreview, TReplayPlanContract, TReplaySelector } from "./replay.types";
import { selectEvents } from "./select";

/** How many still-failing and stale events a preview lists (all are counted). */
export const PREVIEW_LIST_MAX = 100;

type TDryRun = {
  pks: string[];
  wouldApply: number;
  wouldSkip: number;
  wouldFail: number;
  stale: number;
  effects: TEffect[];
  basis: TBasis;
  preview: TPlanPreview;
};

async function stalePks(client: pg.ClientBase, pks: string[]): Promise<string[]> {
  if (pks.length === 0) return [];
  const { rows } = await client.query<{ id: string }>(
    `select id::text as id from event where id = any($1::bigint[])
       and (flags->>'beforeSnapshot' = 'true' or flags->>'staleSnapshot' = 'true') order by occurred_at, id`,
    [pks],
  );
  return rows.map((r) => r.id);
}

/** Everything the preview needs, computed inside the caller's (rolled-back) transaction. */
export async function dryRun(client: pg.ClientBase, selector: TReplaySelector): Promise<TDryRun> {
  const t0 = performance.now();
  const { pks, releasedBy } = await selectEvents(client, selector);
  const t1 = performance.now();
  const empty: TDryRun = { pks, wouldApply: 0, wouldSkip: 0, wouldFail: 0, stale: 0, effects: [], basis: { positions: [], targets: [] }, preview: { failing: [], stale: [], alsoReleased: 0, releasedBy } };
  if (pks.length === 0) return empty;
  const result = await reprocessEvents(client, pks, { releasedBy });
  const t2 = performance.now();
  const applied = result.outcomes.filter((o) => o.outcome === "applied").map((o) => o.pk);
  const failed = result.outcomes.filter((o) => o.outcome === "failed").map((o) => o.pk);
  const stale = await stalePks(client, applied);
  const book = await bookEffects(client, [...applied, ...result.alsoReleased]);
  const targets = await targetEffects(client, result.dirtySkuIds);
  const t3 = performance.now();
  logger.debug({ events: pks.length, selectMs: Math.round(t1 - t0), reprocessMs: Math.round(t2 - t1), effectsMs: Math.round(t3 - t2) }, "replay dry run");
  return {
    pks,
    wouldApply: applied.length,
    wouldSkip: result.outcomes.filter((o) => o.outcome === "skipped").length,
    wouldFail: failed.length,
    stale: stale.length,
    effects: [...book.effects, ...targets.effects],
    basis: { positions: book.basis, targets: targets.basis },
    preview: {
      failing: await describeEvents(client, failed.slice(0, PREVIEW_LIST_MAX)),
      stale: await describeEvents(client, stale.slice(0, PREVIEW_LIST_MAX)),
      alsoReleased: result.alsoReleased.length,
      releasedBy,
    },
  };
}

export function newPlanId() {
  return `rp_${randomBytes(9).toString("base64url")}`;
}

/** Previews a replay and stores the plan; nothing else changes. */
export async function createPlan(selector: TReplaySelector, actorEmail: string): Promise<TReplayPlanContract> {
  const dry = await inPgTransaction((client) => dryRun(client, selector), { rollback: true, statementTimeout: "300s" });
  const id = newPlanId();
  await pgPool().query(
    `insert into replay_plan (id, created_by, selector, status, event_pks, would_apply, would_skip, would_fail, stale, effects, basis, preview)
     values ($1, $2, $3::jsonb, 'planned', $4::bigint[], $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb)`,
    [id, actorEmail, JSON.stringify(selector), dry.pks, dry.wouldApply, dry.wouldSkip, dry.wouldFail, dry.stale, JSON.stringify(dry.effects), JSON.stringify(dry.basis), JSON.stringify(dry.preview)],
  );
  return getPlan(id);
}
