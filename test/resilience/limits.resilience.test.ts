// Check 8: a 10 MB body → 413 without the server buffering it; clients sending a byte a second are
// cut off by the header and request timeouts while the server keeps serving everyone else.
// The shared server runs with SIGHTLINE_HEADERS_TIMEOUT_SECONDS=5 and SIGHTLINE_REQUEST_TIMEOUT_SECONDS=10.
import net from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { treeRssMb } from "../../bench/lib/server";
import { bearer, call, createWorld, postEvents, type TWorld } from "./lib/api";
import { storedCounts } from "./lib/db";
import { figure, sharedServer } from "./lib/servers";

const server = sharedServer();
const port = Number(new URL(server.baseUrl).port);
let w: TWorld;
const TEN_MB = 10 * 1024 * 1024;
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;

beforeAll(async () => {
  w = await createWorld(server.baseUrl, server.token);
});

type TUpload = { status: number | null; sentBytes: number; ms: number };

/** Streams a 10 MB body over a raw socket (declared or chunked) and stops when the server answers or closes. */
function upload(opts: { path: string; headers: Record<string, string>; chunked: boolean; method?: string; holdBodyMs?: number }): Promise<TUpload> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, "127.0.0.1");
    let sentBytes = 0;
    let answer = "";
    let isDone = false;
    const chunk = Buffer.alloc(64 * 1024, "[");
    const finish = () => {
      if (isDone) return;
      isDone = true;
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      resolve({ status: status ? Number(status) : null, sentBytes, ms: Math.round(performance.now() - started) });
    };
    socket.on("data", (d) => {
      answer += d.toString("latin1");
      if (/^HTTP\/1\.1 \d{3}/.test(answer)) setTimeout(finish, 50);
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("connect", () => {
      const head = [`${opts.method ?? "POST"} ${opts.path} HTTP/1.1`, `Host: localhost:${port}`, ...Object.entries(opts.headers).map(([k, v]) => `${k}: ${v}`), opts.chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${TEN_MB}`, "", ""].join("\r\n");
      socket.write(head);
      const pump = () => {
        if (isDone) return;
        while (!isDone && sentBytes < TEN_MB) {
          const piece = opts.chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk;
          sentBytes += chunk.length;
          if (!socket.write(piece)) return void socket.once("drain", pump);
        }
        if (!isDone && opts.chunked) socket.write("0\r\n\r\n");
      };
      // holding the body back shows whether the server answers from the headers alone
      if (opts.holdBodyMs) setTimeout(pump, opts.holdBodyMs);
      else pump();
    });
    setTimeout(finish, 60_000);
  });
}

describe("check 8: a 10 MB body", () => {
  const endpoints: { name: string; path: string; headers: Record<string, string>; method?: string }[] = [
    { name: "events", path: "/api/v1/events", headers: { "content-type": "application/json" } },
    { name: "events NDJSON", path: "/api/v1/events", headers: { "content-type": "application/x-ndjson" } },
    { name: "master data", path: "/api/v1/master-data", headers: { "content-type": "application/json" }, method: "PUT" },
    { name: "Shopify webhook", path: "/api/v1/webhooks/shopify/{shopify}", headers: { "content-type": "application/json", "x-shopify-hmac-sha256": "x" } },
  ];
  const withCredentials = (e: (typeof endpoints)[number]) => ({
    ...e,
    path: e.path.replace("{shopify}", w.code("shopify")),
    headers: { ...e.headers, ...(e.path.includes("shopify") ? {} : bearer(e.path.includes("master") ? server.token : w.key("wms"))) },
  });
  const avg = (xs: TUpload[]) => Math.round(xs.reduce((n, x) => n + x.ms, 0) / xs.length);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

  it("with a declared Content-Length is refused with 413 before it is read", async () => {
    const rssBefore = treeRssMb(server.pid);
    // each endpoint five times at once: 200 MB offered
    const results = await Promise.all(endpoints.flatMap((e) => Array.from({ length: 5 }, () => upload({ ...withCredentials(e), chunked: false }))));
    const rssAfter = treeRssMb(server.pid);
    for (const r of results) expect(r.status, JSON.stringify(r)).toBe(413);
    // reading them would have meant 200 MB
    expect(rssAfter - rssBefore).toBeLessThan(40);
    // the same, the body held back until the server has answered: it answers from the headers alone
    const held = await Promise.all(endpoints.map((e) => upload({ ...withCredentials(e), chunked: false, holdBodyMs: 3_000 })));
    for (const r of held) {
      expect(r.status, JSON.stringify(r)).toBe(413);
      expect(r.sentBytes).toBe(0);
    }
    figure(8, `10 MB with Content-Length: ${results.length} concurrent uploads to ${endpoints.length} endpoints (${results.length * 10} MB offered) → ${results.length}×413 in ${avg(results)} ms avg; server RSS ${rssBefore} → ${rssAfter} MiB; with the body held back, ${held.length}×413 in ${avg(held)} ms avg after 0 body bytes (refused from the headers)`);
  });

  it("sent chunked is refused with 413 once it passes 5 MB, and the rest is not read", async () => {
    const before = await storedCounts(server.pgUrl, w.code("wms"));
    const rssBefore = treeRssMb(server.pid);
    const results = await Promise.all(endpoints.flatMap((e) => Array.from({ length: 3 }, () => upload({ ...withCredentials(e), chunked: true }))));
    const rssAfter = treeRssMb(server.pid);
    for (const r of results) expect(r.status, JSON.stringify(r)).toBe(413);
    // each request holds at most the 5 MB limit while it is read: 12 × 5 MB, never 12 × 10 MB
    expect(rssAfter - rssBefore).toBeLessThan(12 * 5 + 20);
    expect((await storedCounts(server.pgUrl, w.code("wms"))).dead).toBe(before.dead);
    expect((await postEvents(server.baseUrl, w.key("wms"), [{ eventId: w.nextId(), type: "heartbeat", occurredAt: new Date().toISOString() }])).status).toBe(200);
    figure(8, `10 MB chunked: ${results.length} concurrent uploads (${results.length * 10} MB offered) → ${results.length}×413 in ${avg(results)} ms avg, at most ${mb(Math.max(...results.map((r) => r.sentBytes)))} MB sent before the answer; server RSS ${rssBefore} → ${rssAfter} MiB; nothing stored, server still answering`);
  });
});

/** Opens a socket that sends `head` and then `drip` one byte a second; resolves when the server closes it. */
function slowClient(head: string, drip: string): Promise<{ ms: number; answer: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    let i = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on("connect", () => {
      socket.write(head);
      timer = setInterval(() => {
        if (socket.writable) socket.write(drip[i++ % drip.length]!);
      }, 1_000);
    });
    socket.on("data", (d) => (answer += d.toString("latin1")));
    const done = () => {
      clearInterval(timer);
      resolve({ ms: Math.round(performance.now() - started), answer });
    };
    socket.on("close", done);
    socket.on("error", () => undefined);
    setTimeout(() => socket.destroy(), 60_000);
  });
}

describe("check 8: clients sending one byte a second", () => {
  it("are cut off by the header and request timeouts, while others are served as usual", async () => {
    const slowHeaders = Array.from({ length: 20 }, () => slowClient(`POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nX-Slow: `, "abcdefghij"));
    const slowBodies = Array.from({ length: 20 }, () =>
      slowClient(`POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${w.key("erp")}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`, "[[[[[[[[[["),
    );
    // meanwhile, everyone else: an event every 100 ms and a read every 100 ms
    const latencies: number[] = [];
    let failures = 0;
    let isRunning = true;
    const others = (async () => {
      let n = 0;
      while (isRunning) {
        const t0 = performance.now();
        const [a, b] = await Promise.all([
          postEvents(server.baseUrl, w.key("wms"), [{ eventId: `${w.prefix}-busy-${n++}`, type: "receipt.posted", sku: w.code("B"), location: w.code("WH"), quantity: 1, occurredAt: new Date().toISOString() }]),
          call(server.baseUrl, "/api/v1/exceptions?limit=5", { headers: bearer(server.token) }),
        ]);
        latencies.push(performance.now() - t0);
        if (a.status !== 200 || b.status !== 200) failures++;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const headerCuts = await Promise.all(slowHeaders);
    const bodyCuts = await Promise.all(slowBodies);
    isRunning = false;
    await others;

    for (const c of headerCuts) {
      expect(c.ms).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 500);
      expect(c.ms).toBeLessThan(HEADERS_TIMEOUT_MS + 3_000);
      expect(c.answer).toMatch(/^HTTP\/1\.1 408/);
    }
    for (const c of bodyCuts) {
      expect(c.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 500);
      expect(c.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 3_000);
      expect(c.answer).toMatch(/^HTTP\/1\.1 408/);
    }
    expect(failures).toBe(0);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p99 = Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0);
    const max = (xs: { ms: number }[]) => Math.max(...xs.map((x) => x.ms));
    figure(8, `slow clients: 20 dripping headers cut at ≤${max(headerCuts)} ms (headersTimeout ${HEADERS_TIMEOUT_MS} ms), 20 dripping bodies cut at ≤${max(bodyCuts)} ms (requestTimeout ${REQUEST_TIMEOUT_MS} ms), all with 408; meanwhile ${latencies.length} ingest+read pairs served, ${failures} failures, p99 ${p99} ms`);
  });
});
