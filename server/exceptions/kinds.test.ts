import { describe, expect, it } from "vitest";
import { fingerprint, severityFor } from "./kinds";
import { canTransition, parseAction, statesThatMayBecome } from "./state-machine";
import { ZExceptionListQuery } from "./exceptions.types";

describe("severity", () => {
  it("follows units at risk, weighted by channel priority, never below the kind's floor", () => {
    expect(severityFor("oversell_risk", 3, null)).toBe("medium");
    expect(severityFor("system_drift", 3, null)).toBe("low");
    expect(severityFor("system_drift", 5, null)).toBe("medium");
    expect(severityFor("oversell_risk", 15, 0)).toBe("medium");
    expect(severityFor("oversell_risk", 15, 50)).toBe("high");
    expect(severityFor("oversell_risk", 60, 80)).toBe("critical");
    expect(severityFor("silent_connector", 0, null)).toBe("high");
    expect(severityFor("stale_feed", 0, 80)).toBe("high");
    expect(severityFor("stale_feed", 0, 30)).toBe("medium");
  });
});

describe("fingerprint", () => {
  it("is kind + scope, stable whatever order the scope was written in", () => {
    expect(fingerprint("negative_atp", { skuId: 1, locationId: 2 })).toBe(fingerprint("negative_atp", { locationId: 2, skuId: 1 }));
    expect(fingerprint("negative_atp", { skuId: 1, locationId: 2 })).not.toBe(fingerprint("system_drift", { skuId: 1, locationId: 2 }));
    expect(fingerprint("rejected_event", { connectorId: 3, reasonCode: "unknown_sku", value: "A" })).not.toBe(
      fingerprint("rejected_event", { connectorId: 3, reasonCode: "unknown_sku", value: "B" }),
    );
  });
});

describe("state machine", () => {
  it("allows exactly DESIGN.md's transitions", () => {
    expect(canTransition("open", "acknowledged")).toBe(true);
    expect(canTransition("open", "snoozed")).toBe(true);
    expect(canTransition("open", "resolved")).toBe(true);
    expect(canTransition("acknowledged", "snoozed")).toBe(true);
    expect(canTransition("acknowledged", "resolved")).toBe(true);
    expect(canTransition("snoozed", "acknowledged")).toBe(true);
    expect(canTransition("snoozed", "open")).toBe(true);
    expect(canTransition("resolved", "open")).toBe(true);

    expect(canTransition("open", "open")).toBe(false);
    expect(canTransition("acknowledged", "acknowledged")).toBe(false);
    expect(canTransition("acknowledged", "open")).toBe(false);
    expect(canTransition("snoozed", "snoozed")).toBe(false);
    expect(canTransition("resolved", "acknowledged")).toBe(false);
    expect(canTransition("resolved", "snoozed")).toBe(false);
    expect(canTransition("resolved", "resolved")).toBe(false);
    expect(statesThatMayBecome("acknowledged").sort()).toEqual(["open", "snoozed"]);
  });

  it("tells an unknown action from a bad field", () => {
    expect(parseAction({ action: "explode" })).toMatchObject({ ok: false, code: "unknown_action" });
    expect(parseAction("nope")).toMatchObject({ ok: false, code: "unknown_action" });
    expect(parseAction({ action: "snooze" })).toMatchObject({ ok: false, code: "invalid_field" });
    expect(parseAction({ action: "assign", assignee: "not-an-email" })).toMatchObject({ ok: false, code: "invalid_field" });
    expect(parseAction({ action: "assign", assignee: "Ops@Example.com" })).toEqual({ ok: true, action: { action: "assign", assignee: "ops@example.com" } });
    expect(parseAction({ action: "assign", assignee: null })).toEqual({ ok: true, action: { action: "assign", assignee: null } });
  });
});

describe("list query", () => {
  it("takes comma-separated lists, clamps limit and refuses unknown values", () => {
    const q = ZExceptionListQuery.parse({ state: "open,acknowledged", kind: "negative_atp", limit: "9000" });
    expect(q).toMatchObject({ state: ["open", "acknowledged"], kind: ["negative_atp"], limit: 500, sort: "impact" });
    expect(ZExceptionListQuery.parse({}).limit).toBe(50);
    expect(ZExceptionListQuery.safeParse({ state: "open,closed" }).success).toBe(false);
    expect(ZExceptionListQuery.safeParse({ sort: "random" }).success).toBe(false);
  });
});
