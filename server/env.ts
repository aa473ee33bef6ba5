import { Cron } from "croner";
import { z } from "zod";

const ZFlag = z.enum(["0", "1"]);

/** Environment, validated once: a bad value stops start-up with a message naming it. */
export const ZEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
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
  SIGHTLINE_URL: z.url().optional(),
  SIGHTLINE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** a client must send its headers within this, and its whole request within the other */
  SIGHTLINE_HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(15),
  SIGHTLINE_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
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
