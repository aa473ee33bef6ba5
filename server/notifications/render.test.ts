import { describe, expect, it } from "vitest";
import { renderMessage, renderSlack } from "./render";
import { forbiddenReason, isDemoReceiver } from "./ssrf";

const opened = {
  type: "exception.opened" as const,
  timestamp: "2026-03-01T10:00:00.000Z",
  data: { id: 7, kind: "negative_atp", severity: "high", state: "open", scope: { sku: "SKU-1", location: "WH-EAST" }, unitsAtRisk: 12, count: 1, url: "https://sightline.example/exceptions/7" },
};

describe("what people read", () => {
  it("names severity, kind and scope in the subject, and links the group in text and HTML", () => {
    const r = renderMessage(opened);
    expect(r.subject).toBe("[Sightline] HIGH Negative ATP opened: SKU SKU-1 at WH-EAST");
    expect(r.text).toContain("Open the exception in Sightline: https://sightline.example/exceptions/7");
    expect(r.html).toContain('<a href="https://sightline.example/exceptions/7">');
    expect(renderMessage({ ...opened, data: { ...opened.data, scope: { sku: "<b>x</b>" } } }).html).toContain("&lt;b&gt;x&lt;/b&gt;");
  });

  it("renders digests, availability changes and tests; Slack gets {text, blocks}", () => {
    expect(renderMessage({ type: "exception.digest", timestamp: opened.timestamp, data: { count: 90, byKind: { negative_atp: 90 }, bySeverity: { high: 90 }, from: "a", to: "b", url: "u" } }).text).toContain("Negative ATP: 90");
    expect(renderMessage({ type: "availability.changed", timestamp: opened.timestamp, data: { channel: "web", items: [{ sku: "A", target: 3, previousTarget: 5 }] } }).text).toContain("A: 5 → 3");
    const finished = renderMessage({ type: "reconciliation.finished", timestamp: opened.timestamp, data: { id: 12, status: "done", trigger: "schedule", totals: { lines: 40, match: 30, withinTolerance: 4, variance: 6, varianceUnits: 31, newVariances: 2, persistent: 4 }, url: "https://sightline.example/reconciliation/12" } });
    expect(finished.subject).toBe("[Sightline] Reconciliation run #12 finished: 6 lines in variance");
    expect(finished.text).toContain("Persisting (2+ runs): 4");
    expect(finished.text).toContain("Open the run in Sightline: https://sightline.example/reconciliation/12");
    expect(renderMessage({ type: "reconciliation.finished", timestamp: opened.timestamp, data: { id: 13, status: "failed", totals: null, error: "the database connection was lost" } }).subject).toBe("[Sightline] Reconciliation run #13 failed: failed");
    expect(renderSlack(opened)).toMatchObject({ text: "HIGH Negative ATP opened: SKU SKU-1 at WH-EAST", blocks: [{ type: "section" }, { type: "section" }] });
  });
});

describe("addresses a webhook may not reach", () => {
  it("names loopback, private, link-local (metadata) and mapped addresses; public ones pass", () => {
    expect(forbiddenReason("127.0.0.1")).toBe("a loopback address");
    expect(forbiddenReason("10.2.3.4")).toBe("a private address");
    expect(forbiddenReason("169.254.169.254")).toMatch(/link-local/);
    expect(forbiddenReason("::1")).toBe("a loopback address");
    expect(forbiddenReason("::ffff:192.168.1.1")).toBe("a private address");
    expect(forbiddenReason("fd00:ec2::254")).toMatch(/unique local/);
    expect(forbiddenReason("93.184.215.14")).toBeNull();
    expect(forbiddenReason("2606:4700::6810:84e5")).toBeNull();
  });
  it("allows the demo receiver only in demo mode, only at the app's own address", () => {
    const config = { isDemo: true, publicUrl: "http://localhost:3000" };
    expect(isDemoReceiver("http://localhost:3000/api/demo/webhook-receiver", config)).toBe(true);
    expect(isDemoReceiver("http://localhost:3001/api/demo/webhook-receiver", config)).toBe(false);
    expect(isDemoReceiver("http://localhost:3000/api/demo/webhook-receiver", { ...config, isDemo: false })).toBe(false);
  });
});
