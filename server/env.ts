import { Cron } from "croner";
import { z } from "zod";

const ZFlag = z.enum(["0", "1"]);
const ZPostgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL");

/** Environment, validated once: a bad value stops start-up with a message naming it. */
export const ZEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: ZPostgresUrl.optional(),
  /** the same database without a transaction pooler between: migrations, session locks, the job runner's LISTEN */
  DATABASE_DIRECT_URL: ZPostgresUrl.optional(),
  /** a streaming replica: the pages' dashboards, KPIs, lists, drift and exports read there */
  DATABASE_READ_URL: ZPostgresUrl.optional(),
  /** all: HTTP and background work; web: HTTP only; worker: background work (and /api/health) */
  SIGHTLINE_ROLE: z.enum(["all", "web", "worker"]).default("all"),
  /** ingest batches in their transaction at once, across every process (server/ingest/rate-limit.ts reads it) */
  SIGHTLINE_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(24),
  SIGHTLINE_DEMO: ZFlag.default("1"),
  SIGHTLINE_SIMULATOR: ZFlag.optional(),
  SIGHTLINE_DISABLE_WORKERS: z.string().regex(/^[a-z,\s]*$/, "a comma-separated list of worker names").optional(),
  SIGHTLINE_DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  SIGHTLINE_BOOTSTRAP_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters")
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .optional(),
  SIGHTLINE_DATA_DIR: z.string().min(1).default(".sightline"),
  /** extra settings for the embedded PostgreSQL, space-separated `name=value` (profiling) */
  SIGHTLINE_PG_SETTINGS: z
    .string()
    .regex(/^\s*([a-z_.]+=[\w.,/-]+\s*)*$/, "space-separated name=value settings")
    .optional(),
  SIGHTLINE_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** as root: where the embedded PostgreSQL's binaries and data go when the checkout is below a private folder */
  SIGHTLINE_PG_HOME: z.string().min(1).default("/var/lib/sightline"),
  SIGHTLINE_URL: z.url().optional(),
  SIGHTLINE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** a client must send its headers within this, and its whole request within the other */
  SIGHTLINE_HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(15),
  SIGHTLINE_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Notifications (DESIGN.md "Notifications: alerts and outbound webhooks")
  /** the address people reach Sightline at: links in messages (default SIGHTLINE_URL, else http://localhost:PORT) */
  SIGHTLINE_PUBLIC_URL: z.url().optional(),
  SIGHTLINE_SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL").optional(),
  SIGHTLINE_MAIL_FROM: z.string().min(3).max(254).default("Sightline <sightline@localhost>"),
  SIGHTLINE_NOTIFY_HOLD_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
  SIGHTLINE_NOTIFY_RETRY_SECONDS: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+){0,19}\s*$/, "a comma-separated list of at most 20 whole numbers of seconds")
    .default("5,300,1800,7200,18000,36000,36000"),
  SIGHTLINE_NOTIFY_DISABLE_AFTER_HOURS: z.coerce.number().positive().max(24 * 365).default(120),
  SIGHTLINE_WEBHOOK_ALLOW_PRIVATE: ZFlag.default("0"),
  /** when scheduled reconciliation runs start: 5 fields, or 6 with seconds first; UTC */
  SIGHTLINE_RECONCILE_CRON: z
    .string()
    .trim()
    .default("0 2 * * *")
    .refine((v) => {
      try {
        new Cron(v, { timezone: "UTC" });
        return true;
      } catch {
        return false;
      }
    }, "must be a cron expression such as `0 2 * * *` (5 fields, or 6 with seconds first), in UTC"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
}).superRefine((env, ctx) => {
  // The embedded PostgreSQL has no pooler and no replica: these name one beside DATABASE_URL.
  for (const name of ["DATABASE_DIRECT_URL", "DATABASE_READ_URL"] as const) {
    if (env[name] && !env.DATABASE_URL) ctx.addIssue({ code: "custom", path: [name], message: "needs DATABASE_URL too (the embedded PostgreSQL has no pooler or replica)" });
  }
});
export type TEnv = z.infer<typeof ZEnv>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): TEnv {
  const blankToUndefined = Object.fromEntries(
    Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]),
  );
  const result = ZEnv.safeParse(blankToUndefined);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: TEnv | undefined;
export function env(): TEnv {
  cached ??= parseEnv();
  return cached;
}
