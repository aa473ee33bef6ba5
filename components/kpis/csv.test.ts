import { describe, expect, it } from "vitest";
import type { TKpiFigures } from "@/server/kpis/kpis.types";
import { kpiCsv } from "./csv";
import { changeOf, formatMetric, METRIC_BY_KEY } from "./metrics";

const figures = (over: Partial<TKpiFigures> = {}): TKpiFigures => ({
  oversellRate: null, syncLatencyP50Seconds: null, syncLatencyP95Seconds: null, staleFeedMinutes: null, exceptionsOpened: 0, exceptionsResolved: 0,
  mttrMinutes: null, accuracy: null, duplicateRate: null, deadLetterRate: null, eventsIngested: 0, orders: 0, oversoldOrders: 0, latencySamples: 0, driftUnits: null,
  orderFalloutRate: null, stockCancellationRate: null, ackDelayP95Seconds: null, ...over,
  reconciliationVarianceRate: null, reconciliationBacklog: null, ...over,
});

describe("kpiCsv", () => {
  it("writes every shown figure as one row, raw values, empty for no data", () => {
    const csv = kpiCsv({
      from: "2026-03-01T00:00:00.000Z",
      to: "2026-03-02T00:00:00.000Z",
      prevFrom: "2026-02-28T00:00:00.000Z",
      current: { figures: figures({ oversellRate: 0.25 }), byChannel: { "web,eu": figures({ eventsIngested: 7 }) } },
      previous: { figures: figures(), byChannel: {} },
      points: [{ t: "2026-03-01T00:00:00.000Z", figures: figures({ eventsIngested: 3 }), byChannel: {} }],
    });
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("section,period_start,period_end,channel,metric,value");
    expect(lines).toContain("range,2026-03-01T00:00:00.000Z,2026-03-02T00:00:00.000Z,all,oversellRate,0.25");
    expect(lines).toContain("range,2026-03-01T00:00:00.000Z,2026-03-02T00:00:00.000Z,all,accuracy,");
    expect(lines).toContain('range by channel,2026-03-01T00:00:00.000Z,2026-03-02T00:00:00.000Z,"web,eu",eventsIngested,7');
    expect(lines).toContain("trend,2026-03-01T00:00:00.000Z,2026-03-02T00:00:00.000Z,all,eventsIngested,3");
    expect(lines).toHaveLength(1 + 16 * 4);
  });
});

describe("metric changes", () => {
  it("judges a change by which way is better", () => {
    expect(changeOf(METRIC_BY_KEY.oversellRate, 0.02, 0.05)).toEqual({ text: "▼ 3.0 pp", tone: "good" });
    expect(changeOf(METRIC_BY_KEY.accuracy, 0.9, 0.95)).toEqual({ text: "▼ 5.0 pp", tone: "bad" });
    expect(changeOf(METRIC_BY_KEY.mttrMinutes, 30, 20)).toEqual({ text: "▲ 50%", tone: "bad" });
    expect(changeOf(METRIC_BY_KEY.eventsIngested, 10, 0)).toEqual({ text: "▲ from 0", tone: "neutral" });
    expect(changeOf(METRIC_BY_KEY.mttrMinutes, null, 20)).toBeNull();
  });

  it("formats each kind", () => {
    expect(formatMetric(METRIC_BY_KEY.oversellRate, 0.0123)).toBe("1.23%");
    expect(formatMetric(METRIC_BY_KEY.syncLatencyP95Seconds, 95)).toBe("1.6 min");
    expect(formatMetric(METRIC_BY_KEY.mttrMinutes, 90)).toBe("1.5 h");
    expect(formatMetric(METRIC_BY_KEY.accuracy, null)).toBe("—");
  });
});
