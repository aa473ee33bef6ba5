// The in-process KPI worker: every second it rolls the event log past its watermark into the KPI
// tables (reading only up to the exceptions detector's safe horizon, so a batch that commits late is
// never skipped), then the events applied after they were stored (held ones released, rejected ones
// replayed); within 5 s of a target or exposure change (and once a minute
// otherwise) it samples accuracy. Each tick is one transaction under an advisory lock,
// so several instances may run it and only one works at a time.
import { Prisma } from "@prisma/client";
import { db, type TTx } from "@/server/db";
import { finalHorizon, newHorizonState, type THorizonState } from "@/server/exceptions/horizon";
import { isDatabaseUnavailable } from "@/server/lib/errors";
import type { TLogger } from "@/server/lib/logger";
import { channelPositionsVersion, sampleAccuracy } from "./accuracy";
import { rollUpExceptions } from "./exceptions-rollup";
import { rollUpOrders } from "./orders-rollup";
import { idList, idRange, rollUpEvents, type TRollupResult } from "./rollup";

export const KPI_WATERMARK_KEY = "kpis.watermark";
const KPI_LOCK = 727_201;
/**
 * Events per roll-up batch. A batch holds its transaction (and so the exception detector's
 * horizon) until it commits: 15,000 take about half a second under a burst, and cost less per
 * event than smaller batches, since the journal scans scale with the SKU × locations touched.
 */
export const ROLLUP_BATCH = 15_000;
/**
 * After this many events rolled up, the tables the roll-up joins are analysed (a fresh instance
 * has no statistics, and autovacuum may not have caught up with a seeded history). The threshold
 * doubles after each analyse, up to a million: an instance taking in a steady stream has fresh
 * enough statistics, and each analyse of the event log costs most of a second of PostgreSQL time.
 */
const ANALYZE_AFTER_EVENTS = 20_000;
const ANALYZE_AFTER_EVENTS_MAX = 1_000_000;
const LATE_BATCH = 5_000;
/** A release or replay transaction committing this long after it started is still caught. */
const LATE_SLACK_MS = 5 * 60_000;
export const TICK_MS = 1000;
/** Accuracy follows a target or exposure change within this (KPIs within 10 s); unchanged, it is sampled once a minute (a new hour gets its row). */
export const ACCURACY_EVERY_MS = 5_000;
export const ACCURACY_IDLE_MS = 60_000;
/** Orders follow within this (DESIGN.md: KPIs within 10 s); each pass rewrites the hours whose orders changed. */
export const ORDERS_EVERY_MS = 5_000;
const TICK_BUDGET_MS = 2000;

type TMark = { event: bigint; lateAppliedAt: Date };

async function readMark(tx: TTx): Promise<TMark> {
  const row = await tx.appSetting.findUnique({ where: { key: KPI_WATERMARK_KEY } });
  const v = (row?.value ?? {}) as { event?: string; lateAppliedAt?: string };
  return { event: BigInt(v.event ?? 0), lateAppliedAt: new Date(v.lateAppliedAt ?? 0) };
}

async function writeMark(tx: TTx, mark: TMark) {
  const value = { event: mark.event.toString(), lateAppliedAt: mark.lateAppliedAt.toISOString() } as Prisma.InputJsonValue;
  await tx.appSetting.upsert({ where: { key: KPI_WATERMARK_KEY }, create: { key: KPI_WATERMARK_KEY, value }, update: { value } });
}

/** isWaiting: the horizon is not final yet (a transaction that may hold lower ids is still open): try again next tick. */
export type TTickResult = TRollupResult & { events: number; late: number; isCaughtUp: boolean; isWaiting?: boolean };

/** One batch: events past the watermark (up to the horizon), then late-applied ones, then the new watermark. */
export async function rollUpOnce(tx: TTx, state: THorizonState, batchSize = ROLLUP_BATCH): Promise<TTickResult> {
  const empty: TTickResult = { publishes: 0, samples: 0, orders: 0, staleHours: 0, events: 0, late: 0, isCaughtUp: true };
  const horizon = await finalHorizon(tx, state);
  const mark = await readMark(tx);
  let result = empty;
  let next = mark.event;
  if (horizon && horizon.event > mark.event) {
    next = horizon.event - mark.event > BigInt(batchSize) ? mark.event + BigInt(batchSize) : horizon.event;
    // Already released or replayed before we read them: counted here, so the late pass skips them.
    await tx.$executeRaw`
      insert into kpi_late_seen (event_pk, applied_at)
      select e.id, e.applied_at from event e where e.id > ${mark.event} and e.id <= ${next} and e.applied_at > e.received_at
      on conflict do nothing`;
    result = { ...empty, ...(await rollUpEvents(tx, idRange(mark.event, next))), events: Number(next - mark.event), isCaughtUp: next === horizon.event };
  } else if (!horizon) result = { ...empty, isCaughtUp: false, isWaiting: true };

  const since = new Date(mark.lateAppliedAt.getTime() - LATE_SLACK_MS);
  const late = await tx.$queryRaw<{ id: bigint; applied_at: Date }[]>`
    select e.id, e.applied_at from event e
    where e.applied_at > e.received_at and e.applied_at >= ${since} and e.id <= ${next} and e.status = 'accepted'
      and not exists (select 1 from kpi_late_seen s where s.event_pk = e.id)
    order by e.applied_at limit ${LATE_BATCH}`;
  let lateAppliedAt = mark.lateAppliedAt;
  if (late.length > 0) {
    const r = await rollUpEvents(tx, idList(late.map((l) => l.id), next));
    await tx.$executeRaw`insert into kpi_late_seen (event_pk, applied_at) select * from unnest(${late.map((l) => l.id)}::bigint[], ${late.map((l) => l.applied_at)}::timestamptz[]) on conflict do nothing`;
    lateAppliedAt = late.at(-1)!.applied_at;
    result = {
      ...result,
      publishes: result.publishes + r.publishes,
      samples: result.samples + r.samples,
      orders: result.orders + r.orders,
      staleHours: result.staleHours + r.staleHours,
      late: late.length,
      isCaughtUp: result.isCaughtUp && late.length < LATE_BATCH,
    };
    await tx.$executeRaw`delete from kpi_late_seen where applied_at < ${new Date(lateAppliedAt.getTime() - 2 * LATE_SLACK_MS)}`;
  }
  if (next !== mark.event || lateAppliedAt !== mark.lateAppliedAt) await writeMark(tx, { event: next, lateAppliedAt });
  return result;
}

/**
 * Runs `work` in a transaction holding the KPI lock (null when another instance holds it). By
 * default one snapshot for the whole tick: an event released between two of its statements is
 * seen the same by all.
 */
async function withLock<T>(work: (tx: TTx) => Promise<T>, opts: { timeout: number; isolationLevel: Prisma.TransactionIsolationLevel } = { timeout: 60_000, isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead }): Promise<T | null> {
  return db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(${KPI_LOCK}::bigint) as ok`;
      return row?.ok ? work(tx) : null;
    },
    { ...opts, maxWait: 10_000 },
  );
}

/** Rolls up until caught up (or for TICK_BUDGET_MS); returns how many events it read. */
export async function runKpiTick(state: THorizonState, opts: { budgetMs?: number } = {}) {
  const started = Date.now();
  let events = 0;
  for (;;) {
    const result = await withLock((tx) => rollUpOnce(tx, state));
    if (!result) return events;
    events += result.events + result.late;
    // Waiting for the horizon: spinning would only load the database the open transaction is using.
    if (result.isCaughtUp || result.isWaiting || Date.now() - started > (opts.budgetMs ?? TICK_BUDGET_MS)) return events;
  }
}

export async function runAccuracySample(at = new Date()) {
  return withLock((tx) => sampleAccuracy(tx, at));
}

/**
 * Recomputes the exception roll-up: the recent hours, or (at start, in tests and the bench) all of
 * history. Between recomputes the triggers of exception_group and audit_log keep it (migration
 * exception_hour_counters). The recompute runs read-committed under a lock that holds those
 * triggers back: what it reads is every committed change, and a transaction that counts meanwhile
 * waits and adds its own once the recompute is in.
 */
export async function runExceptionRollup(isFull: boolean) {
  return withLock(
    async (tx) => {
      await tx.$executeRaw`lock table kpi_exception_hourly in share row exclusive mode`;
      return rollUpExceptions(tx, { isFull });
    },
    { timeout: 120_000, isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted },
  );
}

/** Recomputes the order roll-up: the hours whose orders changed lately, or (at start, in tests and the bench) all of history. */
export async function runOrderRollup(isFull: boolean, since?: Date) {
  return withLock((tx) => rollUpOrders(tx, { isFull, since }));
}

export function startKpiWorker(opts: { log: TLogger }) {
  const log = opts.log.child({ worker: "kpis" });
  const state = newHorizonState();
  let isExceptionHistoryDone = false;
  let isOrderHistoryDone = false;
  let lastOrders = 0;
  let isStopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastSample = 0;
  let sampledVersion = "";
  let lastWarning = 0;
  let sinceAnalyze = 0;
  let analyzeAfter = ANALYZE_AFTER_EVENTS;
  const tick = async () => {
    if (isStopped) return;
    running = (async () => {
      sinceAnalyze += await runKpiTick(state);
      if (sinceAnalyze >= analyzeAfter) {
        sinceAnalyze = 0;
        analyzeAfter = Math.min(2 * analyzeAfter, ANALYZE_AFTER_EVENTS_MAX);
        await db.$executeRawUnsafe("analyze event, movement, kpi_publish");
      }
      // once, at start: afterwards the counts follow every opening and resolution in its own transaction
      if (!isExceptionHistoryDone && (await runExceptionRollup(true)) !== null) isExceptionHistoryDone = true;
      if (Date.now() - lastOrders >= ORDERS_EVERY_MS) {
        const passStart = Date.now();
        // the orders whose SLO passed since the last pass (a second of overlap)
        if ((await runOrderRollup(!isOrderHistoryDone, lastOrders ? new Date(lastOrders - 1000) : undefined)) !== null) {
          isOrderHistoryDone = true;
          lastOrders = passStart;
        }
      }
      if (Date.now() - lastSample >= ACCURACY_EVERY_MS) {
        const version = await channelPositionsVersion(db);
        if ((version !== sampledVersion || Date.now() - lastSample >= ACCURACY_IDLE_MS) && (await runAccuracySample()) !== null) {
          lastSample = Date.now();
          sampledVersion = version;
        }
      }
    })().catch((err: unknown) => {
      const text = `${(err as { code?: string }).code ?? ""} ${(err as Error).message ?? ""}`;
      if (/40P01|40001|deadlock detected|could not serialize/.test(text)) log.debug({ err: (err as Error).message }, "tick will be retried");
      else if (isDatabaseUnavailable(err)) {
        // An outage would log every second: say it once a minute.
        if (Date.now() - lastWarning > 60_000) log.warn({ err: (err as Error).message }, "database unavailable");
        lastWarning = Date.now();
      } else log.error({ err }, "kpi worker tick failed");
    });
    await running;
    if (!isStopped) timer = setTimeout(() => void tick(), TICK_MS);
  };
  timer = setTimeout(() => void tick(), TICK_MS);
  return {
    name: "kpis",
    stop: async () => {
      isStopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Rolls up everything stored so far (tests, the bench): ticks until the watermark passes the newest event and nothing late is left. */
export async function catchUpKpis(state: THorizonState = newHorizonState(), opts: { batchSize?: number; timeoutMs?: number } = {}) {
  const started = Date.now();
  let events = 0;
  for (;;) {
    const result = await withLock((tx) => rollUpOnce(tx, state, opts.batchSize));
    if (result) events += result.events + result.late;
    const [row] = await db.$queryRaw<{ newest: bigint }[]>`select coalesce(max(id), 0)::bigint as newest from event`;
    const mark = await readMark(db);
    if (result?.isCaughtUp && result.late === 0 && mark.event >= (row?.newest ?? 0n)) {
      await runExceptionRollup(true);
      await runOrderRollup(true);
      return events;
    }
    if (Date.now() - started > (opts.timeoutMs ?? 60_000)) throw new Error("the KPI roll-up did not catch up in time");
    if (!result?.isCaughtUp) await new Promise((r) => setTimeout(r, 10));
  }
}
