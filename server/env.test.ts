import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("environment", () => {
  it("applies the documented defaults", () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, SIGHTLINE_DEMO: "1", SIGHTLINE_DATA_DIR: ".sightline" });
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });

  it("runs everything in one process unless SIGHTLINE_ROLE says otherwise", () => {
    expect(parseEnv({}).SIGHTLINE_ROLE).toBe("all");
    expect(parseEnv({ SIGHTLINE_ROLE: "worker" }).SIGHTLINE_ROLE).toBe("worker");
    expect(() => parseEnv({ SIGHTLINE_ROLE: "both" })).toThrow(/SIGHTLINE_ROLE/);
  });

  it("takes a direct and a read URL only beside DATABASE_URL (the embedded PostgreSQL has neither a pooler nor a replica)", () => {
    const urls = { DATABASE_URL: "postgresql://a@pooler:6432/s", DATABASE_DIRECT_URL: "postgresql://a@db:5432/s", DATABASE_READ_URL: "postgresql://a@replica:5432/s" };
    expect(parseEnv(urls)).toMatchObject(urls);
    expect(() => parseEnv({ DATABASE_READ_URL: urls.DATABASE_READ_URL })).toThrow(/DATABASE_READ_URL: needs DATABASE_URL/);
    expect(() => parseEnv({ ...urls, DATABASE_DIRECT_URL: "mysql://x" })).toThrow(/DATABASE_DIRECT_URL/);
  });

  it("stops with a message naming each bad variable", () => {
    expect(() => parseEnv({ PORT: "eighty", SIGHTLINE_DEMO: "yes", DATABASE_URL: "mysql://x" })).toThrow(EnvError);
    try {
      parseEnv({ PORT: "eighty", SIGHTLINE_DEMO: "yes", DATABASE_URL: "mysql://x", SIGHTLINE_BOOTSTRAP_TOKEN: "short" });
    } catch (e) {
      const message = (e as Error).message;
      for (const name of ["PORT", "SIGHTLINE_DEMO", "DATABASE_URL", "SIGHTLINE_BOOTSTRAP_TOKEN"]) expect(message).toContain(name);
    }
  });

  it("takes a reconciliation cron of 5 or 6 fields (UTC) and refuses one that is not", () => {
    expect(parseEnv({}).SIGHTLINE_RECONCILE_CRON).toBe("0 2 * * *");
    expect(parseEnv({ SIGHTLINE_RECONCILE_CRON: "*/5 * * * * *" }).SIGHTLINE_RECONCILE_CRON).toBe("*/5 * * * * *");
    expect(() => parseEnv({ SIGHTLINE_RECONCILE_CRON: "every night" })).toThrow(/SIGHTLINE_RECONCILE_CRON/);
  });
});
