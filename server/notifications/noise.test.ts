import { describe, expect, it } from "vitest";
import { decide, type TContext, type TGroupNoise, type TTransition } from "./noise";
import { matchesGroup, wantsAvailability, wantsException } from "./filter";

const T0 = new Date("2026-03-01T10:00:00Z");
const fresh: TGroupNoise = { isAnnounced: false, lastSentAt: null, dampedSince: null };
const ctx = (over: Partial<TContext> = {}): TContext => ({
  now: T0,
  group: { kind: "negative_atp", state: "open" },
  noise: fresh,
  isSuperseded: false,
  reopeningsInWindow: 0,
  isMutedBySilentConnector: false,
  ...over,
});
const opened: TTransition = { type: "exception.opened", isReopen: false, resolvedForSeconds: null };
const resolved: TTransition = { type: "exception.resolved", isReopen: false, resolvedForSeconds: null };
const reopened = (resolvedForSeconds = 60): TTransition => ({ type: "exception.opened", isReopen: true, resolvedForSeconds });

describe("noise control", () => {
  it("sends an opening after the hold, and not when the group healed meanwhile", () => {
    const sent = decide(opened, ctx());
    expect(sent).toMatchObject({ send: true, noise: { isAnnounced: true, lastSentAt: T0 } });
    expect(decide(opened, ctx({ group: { kind: "negative_atp", state: "resolved" } }))).toMatchObject({ send: false, reason: "healed_within_hold" });
  });

  it("sends a resolution only for an announced opening (one message per transition)", () => {
    expect(decide(resolved, ctx({ noise: { ...fresh, isAnnounced: true } }))).toMatchObject({ send: true, noise: { isAnnounced: false } });
    // a superseded resolution leaves what the receiver knows as it was: the later one is sent
    expect(decide(resolved, ctx({ noise: { ...fresh, isAnnounced: true }, isSuperseded: true }))).toMatchObject({ send: false, reason: "superseded", noise: { isAnnounced: true } });
    expect(decide(resolved, ctx())).toMatchObject({ send: false, reason: "never_announced", noise: { isAnnounced: false } });
    expect(decide(opened, ctx({ noise: { ...fresh, isAnnounced: true } }))).toMatchObject({ send: false, reason: "already_announced" });
    expect(decide(opened, ctx({ isSuperseded: true }))).toMatchObject({ send: false, reason: "superseded" });
  });

  it("mutes stale feeds of a channel whose connector is silent", () => {
    expect(decide(opened, ctx({ group: { kind: "stale_feed", state: "open" }, isMutedBySilentConnector: true }))).toMatchObject({ send: false, reason: "muted_by_silent_connector" });
    expect(decide(opened, ctx({ group: { kind: "negative_atp", state: "open" }, isMutedBySilentConnector: true }))).toMatchObject({ send: true });
  });

  it("damps a group that reopened 3 times within an hour to one message an hour, until it stayed resolved an hour", () => {
    const minutesLater = (m: number) => new Date(T0.getTime() + m * 60_000);
    let noise: TGroupNoise = { isAnnounced: false, lastSentAt: minutesLater(-2), dampedSince: null };
    const first = decide(reopened(), ctx({ now: T0, noise, reopeningsInWindow: 2 }));
    expect(first.send).toBe(true);
    noise = { ...first.noise, isAnnounced: false };
    const third = decide(reopened(), ctx({ now: minutesLater(5), noise, reopeningsInWindow: 3 }));
    expect(third).toMatchObject({ send: false, reason: "flap_damped" });
    expect(third.noise.dampedSince).toEqual(minutesLater(5));
    const anHourOn = decide(reopened(), ctx({ now: minutesLater(61), noise: third.noise, reopeningsInWindow: 5 }));
    expect(anHourOn.send).toBe(true);
    const soonAfter = decide(resolved, ctx({ now: minutesLater(62), noise: anHourOn.noise }));
    expect(soonAfter).toMatchObject({ send: false, reason: "flap_damped" });
    const calm = decide(reopened(3 * 3600), ctx({ now: minutesLater(300), noise: soonAfter.noise, reopeningsInWindow: 1 }));
    expect(calm).toMatchObject({ send: true, noise: { dampedSince: null } });
  });
});

describe("endpoint filters", () => {
  const group = { kind: "negative_atp" as const, severity: "high" as const, scope: { channel: "web", location: "WH1" } };
  it("matches kind, least severity, channel, location and connector", () => {
    expect(matchesGroup({}, group)).toBe(true);
    expect(matchesGroup({ kinds: ["negative_atp"], minSeverity: "medium" }, group)).toBe(true);
    expect(matchesGroup({ minSeverity: "critical" }, group)).toBe(false);
    expect(matchesGroup({ kinds: ["stale_feed"] }, group)).toBe(false);
    expect(matchesGroup({ channels: ["amz"] }, group)).toBe(false);
    expect(matchesGroup({ locations: ["WH1"], channels: ["web"] }, group)).toBe(true);
    expect(matchesGroup({ connectors: ["wms"] }, group)).toBe(false);
  });
  it("follows the event types, and never tells an endpoint about its own failing", () => {
    const e = { id: "ep_1", eventTypes: ["exception.opened", "availability.changed"], filter: { channels: ["web"] } };
    expect(wantsException(e, "exception.opened", group)).toBe(true);
    expect(wantsException(e, "exception.resolved", group)).toBe(false);
    expect(wantsException({ ...e, filter: {} }, "exception.opened", { kind: "notification_failing", severity: "high", scope: { endpoint: "ep_1" } })).toBe(false);
    expect(wantsAvailability(e, "web")).toBe(true);
    expect(wantsAvailability(e, "amz")).toBe(false);
  });
});
