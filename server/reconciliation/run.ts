// Running one reconciliation: a repeatable-read transaction (one consistent snapshot, while ingest
// keeps writing) inserts the run's lines SKU range by SKU range and marks the run done with its
// totals; the lines appear all at once when it commits. Progress and the lease live in
// reconciliation_progress, written on another connection: the run row is the transaction's own.
import type pg from "pg";
import { inPgTransaction } from "@/server/database/pg-transaction";
import { pgPool } from "@/server/db";
import { isDatabaseUnavailable } from "@/server/lib/errors";
import type { TLogger } from "@/server/lib/logger";
import { onRunFinished } from "./hooks";
import { channelLinesSql, locationLinesSql, type TChunk, type TCountRow } from "./lines-sql";
import type { TRunScope, TRunTrigger } from "./reconciliation.types";
import { failRun } from "./start";
import { foldCounts } from "./totals";

/** SKU ids per statement: small enough for progress every few seconds, large enough to stay set-based. */
export const RANGE_SKUS = 10_000;
const HEARTBEAT_MS = 5_000;

type TRunRow = { id: number; status: string; trigger: TRunTrigger; scope: TRunScope; scope_key: string; tolerance_units: number; tolerance_percent: number; started_at: Date };

export type TRunOutcome = { id: number; status: "done" | "failed" | "skipped"; lines?: number; ms: number; error?: string };

/** Test seam: called after each SKU range (a crash test kills the run from here). */
export type TRunHooks = { afterRange?: (done: number, of: number) => Promise<void> };

async function idsOf(client: pg.ClientBase, table: "location" | "channel" | "sku", codes: string[] | undefined): Promise<number[] | null> {
  if (!codes) return null;
  const { rows } = await client.query<{ id: number }>(`select id from ${table} where code = any($1::text[]) order by id`, [codes]);
  return rows.map((r) => r.id);
}

async function codeMap(client: pg.ClientBase, table: "location" | "channel") {
  const { rows } = await client.query<{ id: number; code: string }>(`select id, code from ${table}`);
  return new Map(rows.map((r) => [r.id, r.code]));
}

/** Progress and the lease, on their own connection (never the run's transaction). */
function startHeartbeat(runId: number, log: TLogger) {
  let progress = 0;
  let phase = "reading the snapshot";
  const beat = () =>
    pgPool()
      .query(`update reconciliation_progress set progress = $2, phase = $3, heartbeat_at = now() where run_id = $1`, [runId, progress, phase])
      .catch((err: unknown) => log.warn({ err: (err as Error).message, runId }, "reconciliation heartbeat failed"));
  void beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref?.();
  return {
    set: (p: number, what: string) => {
      progress = p;
      phase = what;
      void beat();
    },
    stop: () => clearInterval(timer),
  };
}

/** Runs one reconciliation to the end: done with its lines and totals, or failed with the reason. */
export async function executeRun(runId: number, opts: { log: TLogger; hooks?: TRunHooks; signal?: AbortSignal }): Promise<TRunOutcome> {
  const started = performance.now();
  const log = opts.log.child({ runId });
  const { rows: found } = await pgPool().query<TRunRow>(
    `select id, status, trigger, scope, scope_key, tolerance_units, tolerance_percent, started_at from reconciliation_run where id = $1`,
    [runId],
  );
  const run = found[0];
  if (!run || run.status !== "running") return { id: runId, status: "skipped", ms: 0 };
  const heartbeat = startHeartbeat(runId, log);
  const client = await pgPool().connect();
  // a connection that dies mid-run surfaces in the next statement; the event itself must not crash the process
  const onClientError = (err: Error) => log.warn({ err: err.message }, "the run's database connection failed");
  client.on("error", onClientError);
  let isBroken = false;
  // the process is stopping (the job queue's graceful shutdown ran out of patience): cancel the statement in flight, so the run fails now
  let backendPid: number | null = null;
  const onAbort = () => {
    if (backendPid !== null) void pgPool().query("select pg_cancel_backend($1)", [backendPid]).catch(() => undefined);
  };
  opts.signal?.addEventListener("abort", onAbort);
  try {
    backendPid = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
    await client.query("begin isolation level repeatable read");
    await client.query("set local statement_timeout = '600s'");
    // each range groups ~120,000 reported books: sort and hash them in memory
    await client.query("set local work_mem = '64MB'");
    // the first statement takes the snapshot: everything below reads that one instant
    const { rows: snap } = await client.query<{ at: Date }>("select now() as at");
    const scope = run.scope;
    const [skuIds, locationIds, channelIds, locations, channels] = await Promise.all([
      idsOf(client, "sku", scope.skus),
      idsOf(client, "location", scope.locations),
      idsOf(client, "channel", scope.channels),
      codeMap(client, "location"),
      codeMap(client, "channel"),
    ]);
    const { rows: prev } = await client.query<{ id: number }>(
      `select id from reconciliation_run where scope_key = $1 and status = 'done' and id < $2 order by id desc limit 1`,
      [run.scope_key, runId],
    );
    const previousRunId = prev[0]?.id ?? null;
    // naming only locations (or only channels) reconciles only that kind of line
    const doLocations = !scope.channels || !!scope.locations;
    const doChannels = !scope.locations || !!scope.channels;
    const { rows: bounds } = skuIds
      ? { rows: [{ lo: skuIds[0] ?? 0, hi: (skuIds.at(-1) ?? -1) + 1 }] }
      : await client.query<{ lo: number; hi: number }>(`select coalesce(min(id), 0) as lo, coalesce(max(id), -1) + 1 as hi from sku`);
    const { lo, hi } = bounds[0]!;
    const ranges: [number, number][] = [];
    for (let a = lo; a < hi; a += RANGE_SKUS) ranges.push([a, Math.min(hi, a + RANGE_SKUS)]);

    const counts: TCountRow[] = [];
    const base = { runId, previousRunId, skuIds, locationIds, channelIds, toleranceUnits: run.tolerance_units, tolerancePercent: String(run.tolerance_percent) };
    for (const [i, [a, b]] of ranges.entries()) {
      const chunk: TChunk = { ...base, lo: a, hi: b };
      if (doLocations) counts.push(...(await client.query<TCountRow>(...locationLinesSql(chunk))).rows);
      if (doChannels) counts.push(...(await client.query<TCountRow>(...channelLinesSql(chunk))).rows);
      heartbeat.set(((i + 1) / ranges.length) * 0.98, `SKUs ${i + 1} / ${ranges.length} ranges`);
      await opts.hooks?.afterRange?.(i + 1, ranges.length);
      if (opts.signal?.aborted) throw new Error("the server is stopping");
    }
    const result = foldCounts(counts, { locations, channels });
    const { rows: systems } = await client.query<{ code: string }>(
      `select c.code from connector c where exists (select 1 from reported_position rp where rp.connector_id = c.id
         and ($1::int[] is null or rp.sku_id = any($1::int[])) and ($2::int[] is null or rp.location_id = any($2::int[]))) order by c.code`,
      [skuIds, locationIds],
    );
    const { rows: finished } = await client.query<{ finished_at: Date }>(
      `update reconciliation_run set status = 'done', finished_at = clock_timestamp(), snapshot_at = $2, previous_run_id = $3, totals = $4::jsonb,
         by_location = $5::jsonb, by_channel = $6::jsonb, systems = $7::text[]
       where id = $1 and status = 'running' returning finished_at`,
      [runId, snap[0]!.at, previousRunId, JSON.stringify(result.totals), JSON.stringify(result.byLocation), JSON.stringify(result.byChannel), doLocations ? systems.map((s) => s.code) : []],
    );
    if (!finished[0]) {
      await client.query("rollback");
      return { id: runId, status: "skipped", ms: Math.round(performance.now() - started) };
    }
    await onRunFinished(client, { id: runId, status: "done", trigger: run.trigger, startedAt: run.started_at, finishedAt: finished[0].finished_at, totals: result.totals, error: null });
    await client.query("commit");
    heartbeat.stop();
    await pgPool().query(`update reconciliation_progress set progress = 1, phase = 'done', heartbeat_at = now() where run_id = $1`, [runId]);
    // the planner learns the new run's lines now rather than at autovacuum's next pass
    await pgPool().query("analyze reconciliation_line").catch((err: unknown) => log.warn({ err: (err as Error).message }, "analyze after a run failed"));
    const ms = Math.round(performance.now() - started);
    log.info({ lines: result.totals.lines, variance: result.totals.variance, ms }, "reconciliation run done");
    return { id: runId, status: "done", lines: result.totals.lines, ms };
  } catch (error) {
    isBroken = true;
    await client.query("rollback").catch(() => undefined);
    const message = (error as Error).message;
    log.error({ err: error }, "reconciliation run failed");
    // what people read on the run: the cause in words, never a raw database message (that is in the log)
    const cause = opts.signal?.aborted ? "the server was stopping" : isDatabaseUnavailable(error) ? "its database connection was lost" : "an unexpected error (logged on the server)";
    await inPgTransaction((c) => failRun(c, runId, `The run stopped: ${cause}. Nothing of it was kept; start a new run.`)).catch((err: unknown) => log.warn({ err: (err as Error).message }, "could not mark the run failed; the sweeper will"));
    return { id: runId, status: "failed", error: message, ms: Math.round(performance.now() - started) };
  } finally {
    heartbeat.stop();
    opts.signal?.removeEventListener("abort", onAbort);
    client.off("error", onClientError);
    // a connection whose statement was cut off may be unusable: destroy it rather than pool it
    client.release(isBroken ? true : undefined);
  }
}
