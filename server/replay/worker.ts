// The in-process replay worker: applies `applying` plans chunk by chunk. Each chunk, its events'
// new status and the plan's progress commit together under an advisory lock (one instance works at
// a time), so a restart resumes at the first chunk not committed and never applies one twice.
import { inPgTransaction } from "@/server/database/pg-transaction";
import { pgPool } from "@/server/db";
import { isDatabaseUnavailable } from "@/server/lib/errors";
import type { TLogger } from "@/server/lib/logger";
import type { TWorker } from "@/server/workers";
import { applyNextChunk, failPlan, onReplayWake } from "./apply";

// Not 727_201: that is the KPI worker's, and sharing it made each skip the other's rounds.
const REPLAY_LOCK = 727_202;
const POLL_MS = 500;

/** One chunk of the oldest applying plan, or null when nothing is applying (or another instance holds the lock). */
export async function runReplayChunk() {
  // the common case, nothing applying, costs one index probe instead of a transaction
  const waiting = await pgPool().query<{ has: boolean }>("select exists (select 1 from replay_plan where status = 'applying') as has");
  if (!waiting.rows[0]?.has) return null;
  return inPgTransaction(
    async (client) => {
      const lock = await client.query<{ ok: boolean }>("select pg_try_advisory_xact_lock($1::bigint) as ok", [REPLAY_LOCK]);
      if (!lock.rows[0]?.ok) return null;
      return applyNextChunk(client);
    },
    { statementTimeout: "300s" },
  );
}

function isRetryable(err: unknown) {
  const text = `${(err as { code?: string }).code ?? ""} ${(err as Error).message ?? ""}`;
  return isDatabaseUnavailable(err) || /40P01|40001|57014|deadlock detected|could not serialize|canceling statement/.test(text);
}

export function startReplayWorker(opts: { log: TLogger; pollMs?: number }): TWorker {
  const log = opts.log.child({ worker: "replay" });
  let isStopping = false;
  let running: Promise<void> | null = null;
  let again = false;
  const failures = new Map<string, number>();

  const drain = async () => {
    while (!isStopping) {
      let step: Awaited<ReturnType<typeof runReplayChunk>>;
      const started = performance.now();
      try {
        step = await runReplayChunk();
      } catch (err) {
        if (isRetryable(err)) {
          log.debug({ err: (err as Error).message }, "replay chunk will be retried");
          return;
        }
        // A plan that keeps failing the same way is marked failed rather than retried for ever.
        const planId = (await inPgTransaction((c) => c.query<{ id: string }>("select id from replay_plan where status = 'applying' order by started_at, id limit 1")).catch(() => null))?.rows[0]?.id;
        const n = planId ? (failures.get(planId) ?? 0) + 1 : 0;
        log.error({ err, planId, attempt: n }, "replay chunk failed");
        if (planId && n >= 3) {
          await failPlan(planId, (err as Error).message).catch(() => undefined);
          failures.delete(planId);
        } else if (planId) failures.set(planId, n);
        return;
      }
      if (!step) return;
      if (step.isDone) log.info({ planId: step.planId, events: step.events }, "replay applied");
      else log.debug({ planId: step.planId, progress: step.progress, events: step.events, ms: Math.round(performance.now() - started) }, "replay chunk applied");
    }
  };
  const tick = () => {
    if (isStopping) return;
    if (running) {
      again = true;
      return;
    }
    running = drain().finally(() => {
      running = null;
      if (again && !isStopping) {
        again = false;
        tick();
      }
    });
  };
  onReplayWake(tick);
  const timer = setInterval(tick, opts.pollMs ?? POLL_MS);
  timer.unref?.();
  tick();
  return {
    name: "replay",
    stop: async () => {
      isStopping = true;
      clearInterval(timer);
      onReplayWake(undefined);
      await running;
    },
  };
}
