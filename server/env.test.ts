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
