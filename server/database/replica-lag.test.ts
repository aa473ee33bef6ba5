import { describe, expect, it } from "vitest";
import { isLsn, lagSeconds, parseLsn, rememberSample, type TLsnSample } from "./replica-lag";

describe("WAL positions", () => {
  it("parses PostgreSQL's text form into comparable numbers", () => {
    expect(parseLsn("0/0")).toBe(0n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) + 0xb374d848n);
    expect(parseLsn("1/0") > parseLsn("0/FFFFFFFF")).toBe(true);
    expect(isLsn("0/1A2B")).toBe(true);
    expect(isLsn("0/1A2B; drop")).toBe(false);
    expect(() => parseLsn("nope")).toThrow(/not a WAL position/);
  });
});

describe("replica lag from primary samples", () => {
  const build = (points: [number, number][]) => points.reduce<TLsnSample[]>((s, [at, lsn]) => rememberSample(s, { at, lsn: BigInt(lsn) }), []);

  it("is 0 when the replica has replayed the newest sample, and while the primary is idle", () => {
    const samples = build([[0, 100], [1000, 200], [2000, 200], [3000, 200]]);
    expect(samples).toHaveLength(2); // positions that did not move keep only their latest time
    expect(lagSeconds(samples, 200n, 60_000)).toBe(0);
    expect(lagSeconds(samples, 250n, 60_000)).toBe(0);
  });

  it("is the age of the newest sample the replica holds, once the primary moved past it", () => {
    // idle at 200 until t=10 s, then writes; the replica stopped replaying at 200
    const samples = build([[0, 200], [10_000, 200], [11_000, 300], [12_000, 400], [17_000, 900]]);
    expect(lagSeconds(samples, 200n, 17_000)).toBe(7);
    expect(lagSeconds(samples, 350n, 17_000)).toBe(6);
    expect(lagSeconds(samples, 900n, 17_000)).toBe(0);
  });

  it("is at least the age of the oldest sample kept when the replica is older than all of them", () => {
    const samples = build([[5_000, 500], [6_000, 600]]);
    expect(lagSeconds(samples, 100n, 20_000)).toBe(15);
  });

  it("keeps a bounded history", () => {
    let samples: TLsnSample[] = [];
    for (let i = 0; i < 2000; i++) samples = rememberSample(samples, { at: i * 1000, lsn: BigInt(i) });
    expect(samples.length).toBe(900);
    expect(samples.at(-1)!.lsn).toBe(1999n);
  });
});
