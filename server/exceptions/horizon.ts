// How far the event log may be read without missing a row that commits late.
// Ids are taken when a row is inserted, not when it commits: a batch holding ids 1–5000 can commit
// after one holding 5001–5010. So the detector reads only up to a horizon: the largest id visible in
// an earlier snapshot, once every transaction that snapshot saw in progress has ended. Any id below
// that maximum was taken before the snapshot, so its row is either visible by then or rolled back.
import type { Prisma } from "@prisma/client";
import type { TTx } from "@/server/db";

export const WATERMARK_KEY = "exceptions.watermark";

export type TMarks = { event: bigint; conflict: bigint };
type TCandidate = TMarks & { snapshot: string; hasInProgress: boolean };

/** Per-process memory of candidate horizons (lost on restart: the next one is taken afresh). */
export type THorizonState = { pending: TCandidate[] };
export function newHorizonState(): THorizonState {
  return { pending: [] };
}

export async function readWatermark(tx: TTx): Promise<TMarks> {
  const row = await tx.appSetting.findUnique({ where: { key: WATERMARK_KEY } });
  const v = (row?.value ?? {}) as { event?: string; conflict?: string };
  return { event: BigInt(v.event ?? 0), conflict: BigInt(v.conflict ?? 0) };
}

export async function writeWatermark(tx: TTx, marks: TMarks) {
  const value = { event: marks.event.toString(), conflict: marks.conflict.toString() } as Prisma.InputJsonValue;
  await tx.appSetting.upsert({ where: { key: WATERMARK_KEY }, create: { key: WATERMARK_KEY, value }, update: { value } });
}

/**
 * Takes a new candidate and returns the newest horizon that is final, or null when none is yet.
 * A newer final candidate implies every older one is final too.
 */
export async function finalHorizon(tx: TTx, state: THorizonState): Promise<TMarks | null> {
  const [now] = await tx.$queryRaw<{ snapshot: string; event: bigint; conflict: bigint; in_progress: number }[]>`
    select pg_current_snapshot()::text as snapshot,
           (select coalesce(max(id), 0) from event)::bigint as event,
           (select coalesce(max(id), 0) from event_conflict)::bigint as conflict,
           (select count(*) from pg_snapshot_xip(pg_current_snapshot()))::int as in_progress`;
  if (!now) return null;
  const candidate: TCandidate = { snapshot: now.snapshot, event: BigInt(now.event), conflict: BigInt(now.conflict), hasInProgress: now.in_progress > 0 };
  if (!candidate.hasInProgress) {
    state.pending = [];
    return { event: candidate.event, conflict: candidate.conflict };
  }
  state.pending.push(candidate);
  // Bounded memory: if transactions stay open for minutes, older candidates are dropped (their successors cover them).
  if (state.pending.length > 120) state.pending.splice(0, state.pending.length - 120);
  for (let i = state.pending.length - 1; i >= 0; i--) {
    const c = state.pending[i]!;
    const [row] = await tx.$queryRaw<{ done: boolean }[]>`
      select not exists (select 1 from pg_snapshot_xip(${c.snapshot}::pg_snapshot) x where pg_xact_status(x) = 'in progress') as done`;
    if (row?.done) {
      state.pending = state.pending.slice(i + 1);
      return { event: c.event, conflict: c.conflict };
    }
  }
  return null;
}
