import { describe, expect, it } from "vitest";
import { ZCreatePlan, ZPlanId, ZReplayReason, ZReplaySelector } from "./replay.types";

describe("replay contracts", () => {
  it("takes event log ids as numbers or digit strings, and normalises them to strings", () => {
    expect(ZReplaySelector.parse({ eventIds: [12, "13"] })).toEqual({ eventIds: ["12", "13"] });
    for (const eventIds of [[], ["abc"], [0], [-3], ["01"], [1.5]]) expect(ZReplaySelector.safeParse({ eventIds }).success).toBe(false);
  });

  it("accepts exactly the contract's selector fields", () => {
    expect(ZReplaySelector.parse({ exceptionId: "7", status: "held", connector: "wms", sku: "LEGACY-1" })).toEqual({ exceptionId: 7, status: "held", connector: "wms", sku: "LEGACY-1" });
    expect(ZReplaySelector.safeParse({ status: "accepted" }).success).toBe(false);
    expect(ZReplaySelector.safeParse({ location: "WH" }).success).toBe(false);
    expect(ZCreatePlan.parse({})).toEqual({ selector: {} });
  });

  it("requires a reason with words in it", () => {
    expect(ZReplayReason.parse({ reason: "  alias added  " })).toEqual({ reason: "alias added" });
    for (const body of [{}, { reason: "" }, { reason: "   " }, { reason: 3 }, { reason: "x".repeat(1001) }]) expect(ZReplayReason.safeParse(body).success).toBe(false);
  });

  it("knows a plan id when it sees one", () => {
    expect(ZPlanId.safeParse("rp_3IKx1Wd_LFNc").success).toBe(true);
    for (const id of ["", "rp_", "3IKx1Wd", "rp_../../etc", "rp_" + "a".repeat(60)]) expect(ZPlanId.safeParse(id).success).toBe(false);
  });
});
