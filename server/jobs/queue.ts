// The PostgreSQL job queue: graphile-worker. Work with retries, schedules, fan-out or a person
// waiting on it (deliveries, reconciliation runs) is a job. A job is added with SQL
// (graphile_worker.add_job) on the caller's own connection, so it commits or rolls back with the
// change that caused it: the outbox and its delivery job are one transaction.
import { Logger, run, runMigrations, type LogFunctionFactory, type Runner, type TaskList } from "graphile-worker";
import pg from "pg";
import type { TTx } from "@/server/db";
import type { TLogger } from "@/server/lib/logger";

export const JOBS_SCHEMA = "graphile_worker";

export type TJobOptions = {
  /** when the job may run first (default: now) */
  runAt?: Date;
  /** at most one pending job per key: a second add with the same key replaces (or, with
   * `keyMode: "preserve_run_at"`, keeps the first's time of) the pending one */
  jobKey?: string;
  keyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  /** attempts before the queue gives up (default 25); a task that handles its own retries says 1 */
  maxAttempts?: number;
  /** jobs of one queue run one at a time, in order */
  queueName?: string;
  priority?: number;
};

type TSqlRunner = TTx | pg.ClientBase | pg.Pool;

function isPg(runner: TSqlRunner): runner is pg.ClientBase | pg.Pool {
  return typeof (runner as pg.ClientBase).query === "function" && !("$executeRaw" in runner);
}

/** Adds a job on `runner` (a Prisma transaction, a pg client in a transaction, or a pool). */
export async function enqueueJob(runner: TSqlRunner, task: string, payload: unknown, opts: TJobOptions = {}): Promise<void> {
  const args = [
    task,
    JSON.stringify(payload ?? {}),
    opts.queueName ?? null,
    opts.runAt ?? null,
    opts.maxAttempts ?? null,
    opts.jobKey ?? null,
    opts.priority ?? null,
    opts.keyMode ?? null,
  ] as const;
  const sql = `select ${JOBS_SCHEMA}.add_job(identifier => $1::text, payload => $2::json, queue_name => $3::text, run_at => $4::timestamptz,
                 max_attempts => $5::int, job_key => $6::text, priority => $7::int, job_key_mode => $8::text)`;
  if (isPg(runner)) await runner.query(sql, [...args]);
  else await runner.$executeRawUnsafe(sql, ...args);
}

/** graphile-worker's log lines through pino (its debug chatter at debug level). */
function loggerFor(log: TLogger): Logger {
  const factory: LogFunctionFactory = (scope) => (level, message, meta) => {
    const fields = { ...scope, ...(meta ?? {}) };
    if (level === "error") log.error(fields, message);
    else if (level === "warning") log.warn(fields, message);
    // its info lines are one per job run ("Completed task …"): debug, or a busy queue floods the log
    else log.debug(fields, message);
  };
  return new Logger(factory);
}

/** Creates or updates the queue's own schema (run as the database owner, beside our migrations). */
export async function migrateJobQueue(ownerUrl: string, log?: TLogger): Promise<void> {
  await runMigrations({ connectionString: ownerUrl, schema: JOBS_SCHEMA, ...(log ? { logger: loggerFor(log.child({ component: "jobs" })) } : {}) });
}

export type TJobRunner = { stop: () => Promise<void> };

/**
 * Runs the queue's tasks in this process. The runner LISTENs for new jobs, so it needs a session
 * of its own (DATABASE_DIRECT_URL when DATABASE_URL goes through a transaction pooler).
 */
export async function startJobRunner(opts: {
  log: TLogger;
  connectionString: string;
  tasks: TaskList;
  /** graphile-worker crontab lines (minute precision); none by default */
  crontab?: string;
  concurrency?: number;
  pollIntervalMs?: number;
}): Promise<TJobRunner> {
  const log = opts.log.child({ worker: "jobs" });
  // Our own pool, ended after the runner stopped: graphile-worker's own pool is ended without being
  // awaited and loses its error handlers first, so PostgreSQL stopping next made each of its idle
  // connections an uncaught exception.
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: (opts.concurrency ?? 8) + 2 });
  const ignore = (err: Error) => log.debug({ err: err.message }, "job queue connection error");
  pool.on("error", ignore);
  pool.on("connect", (client) => client.on("error", ignore));
  const runner: Runner = await run({
    pgPool: pool,
    schema: JOBS_SCHEMA,
    taskList: opts.tasks,
    crontab: opts.crontab ?? "",
    concurrency: opts.concurrency ?? 8,
    pollInterval: opts.pollIntervalMs ?? 1_000,
    noHandleSignals: true,
    logger: loggerFor(log),
  });
  log.debug({ tasks: Object.keys(opts.tasks) }, "job runner started");
  return {
    stop: async () => {
      await runner.stop().catch((err: unknown) => log.warn({ err: (err as Error).message }, "job runner stopped uncleanly"));
      await pool.end().catch(() => undefined);
    },
  };
}
