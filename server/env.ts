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
  SIGHTLINE_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  SIGHTLINE_URL: z.url().optional(),
  SIGHTLINE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
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
