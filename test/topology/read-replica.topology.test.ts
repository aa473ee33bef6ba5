// The streaming replica behind the pages: paused, pages say how old their data is while the API
// (and a session right after its own write) still reads the primary; resumed, the notice goes;
// stopped, pages read the primary and each web replica's log says so once.
import { readFileSync } from "node:fs";
import { chromium, type Browser } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, call, createWorld, postEvents, signIn, trpc, uniqueCode, waitFor, type TWorld } from "../resilience/lib/api";
import { sql } from "../resilience/lib/db";
import { control, restoreTopology, topology } from "./lib/topology";

const t = topology();
let browser: Browser;
let w: TWorld;
let cookie: string;
let writerCookie: string;
const password = "topology-reader-password";
let email: string;

type TLag = { source: "replica" | "primary"; lagSeconds: number; reason: string };
const readLag = async (base = t.url, extraCookie = "") =>
  (await trpc<TLag>(base, "viewer.readLag", null, { type: "query", headers: { cookie: `${cookie}${extraCookie}` } })).json.result!.data.json;
type TDriftRow = { sku: string; exposed: number; target: number };
const sessionDrift = async (extraCookie = "") =>
  (await trpc<{ items: TDriftRow[] }>(t.url, "drift.list", { kind: "channel", sku: w.code("A") }, { type: "query", headers: { cookie: `${cookie}${extraCookie}` } })).json.result!.data.json.items;

beforeAll(async () => {
  await restoreTopology();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  w = await createWorld(t.url, t.token, { rateLimitPerSecond: 1_000 });
  email = `${uniqueCode("reader").toLowerCase()}@topology.test`;
  const writer = `${uniqueCode("writer").toLowerCase()}@topology.test`;
  for (const [user, role] of [[email, "executive"], [writer, "admin"]] as const) {
    const created = await trpc(t.url, "settings.createUser", { email: user, name: `Replica ${role}`, role, password }, { headers: bearer(t.token) });
    expect(created.status).toBe(200);
  }
  cookie = await signIn(t.url, email, password);
  writerCookie = await signIn(t.url, writer, password);
});

afterAll(async () => {
  await sql(t.replicaAdmin, "select pg_wal_replay_resume()").catch(() => undefined);
  await browser?.close();
  await restoreTopology();
});

async function publishExposure(quantity: number) {
  const ago = new Date(Date.now() - 5_000).toISOString();
  expect((await postEvents(t.url, w.key("wms"), [{ eventId: w.nextId(), type: "receipt.posted", sku: w.code("A"), location: w.code("WH"), quantity: 10, occurredAt: ago }])).status).toBe(200);
  expect((await postEvents(t.url, w.key("shopify"), [{ eventId: w.nextId(), type: "channel.quantity.published", sku: w.code("A"), channel: w.code("web"), quantity, occurredAt: ago }])).status).toBe(200);
}

describe("the read replica", () => {
  it("serves the pages; paused, they say how old their data is, while API reads and a session's own writes read the primary", async () => {
    // caught up: pages read the replica, with nothing to say
    expect(await readLag()).toMatchObject({ source: "replica", reason: "replica" });
    expect((await readLag()).lagSeconds).toBeLessThanOrEqual(2);

    await sql(t.replicaAdmin, "select pg_wal_replay_pause()");
    const pausedAt = Date.now();
    await publishExposure(7);
    // the API reads the primary: the book at once, drift within DESIGN.md's 2 s
    const inventory = await call<{ items: { onHand: number }[] }>(t.url, `/api/v1/inventory?sku=${w.code("A")}`, { headers: bearer(t.token) });
    expect(inventory.json.items[0]?.onHand).toBe(10);
    const driftApi = await waitFor(
      async () => {
        const r = await call<{ items: TDriftRow[] }>(t.url, `/api/v1/drift?kind=channel&sku=${w.code("A")}`, { headers: bearer(t.token) });
        return r.json.items.find((i) => i.exposed === 7) ?? null;
      },
      { timeoutMs: 3_000, what: "the API's drift read to show the new exposure" },
    );
    expect(driftApi).toMatchObject({ sku: w.code("A"), exposed: 7 });
    // the pages read the paused replica: they do not have it
    expect(await sessionDrift()).toEqual([]);

    // a session that writes (any tRPC mutation) reads its own writes: it carries the primary's position
    const write = await call(t.url, "/api/trpc/masterData.upsert", {
      method: "POST",
      headers: { "content-type": "application/json", origin: t.url, cookie: writerCookie },
      body: JSON.stringify({ json: { skus: [{ code: w.code("C") }] } }),
    });
    expect(write.status).toBe(200);
    const walCookie = write.headers.getSetCookie().find((c) => c.startsWith("sightline-wal="))?.split(";")[0];
    expect(walCookie).toMatch(/^sightline-wal=[0-9A-F]+\/[0-9A-F]+$/i);
    expect(await readLag(t.url, `; ${walCookie}`)).toMatchObject({ source: "primary", reason: "own_write" });
    expect((await sessionDrift(`; ${walCookie}`)).map((r) => r.exposed)).toEqual([7]);

    // past 5 s behind, the page says so
    const page = await (await browser.newContext()).newPage();
    const signedIn = await page.request.post(`${t.url}/api/auth/sign-in/email`, { data: { email, password }, headers: { origin: t.url } });
    expect(signedIn.ok()).toBe(true);
    await page.goto(`${t.url}/drift`);
    const notice = page.getByRole("status").filter({ hasText: /Data as of .* ago/ });
    await notice.waitFor({ timeout: 20_000 });
    const text = (await notice.textContent()) ?? "";
    const seconds = Number(/as of (\d+) s ago/.exec(text)?.[1] ?? NaN);
    expect(seconds).toBeGreaterThan(5);
    expect(seconds).toBeLessThanOrEqual(Math.ceil((Date.now() - pausedAt) / 1000) + 2);
    await page.screenshot({ path: `${t.dir}/drift-replica-behind.png`, fullPage: false });

    // resumed: the replica catches up, the notice goes and the pages have the exposure
    await sql(t.replicaAdmin, "select pg_wal_replay_resume()");
    await notice.waitFor({ state: "detached", timeout: 20_000 });
    await waitFor(async () => (await sessionDrift()).some((r) => r.exposed === 7), { timeoutMs: 5_000, what: "the replica to have the exposure" });
    expect((await readLag()).lagSeconds).toBeLessThanOrEqual(2);
    await page.context().close();
    console.log(`topology replica: paused → API inventory and drift read their own ingest at once; the drift page said "${text.trim().slice(0, 40)}…" (${seconds} s); resumed → the notice went`);
  });

  it("falls back to the primary when the replica is down, says so once per process, and goes back to it when it returns", async () => {
    const marker = "the read replica (DATABASE_READ_URL) is unreachable";
    const logs: Record<string, string> = {};
    const snapshot = async () => {
      for (const [name, p] of Object.entries((await control("status")).processes)) logs[name] = readFileSync(p.logFile, "utf8");
    };
    const countIn = (name: string, text: string) => (logs[name] ?? "").split("\n").filter((l) => l.includes(text)).length;
    await snapshot();
    const downBefore = Object.fromEntries(t.web.map((x) => [x.name, countIn(x.name, marker)]));

    await control("stop", "replica");
    for (let i = 0; i < 6; i++) {
      for (const replica of t.web) {
        const page = await call(replica.url, "/drift", { headers: { cookie } });
        expect(page.status).toBe(200);
        const lag = await readLag(replica.url);
        expect(lag).toMatchObject({ source: "primary", reason: "replica_down" });
      }
    }
    // the pages' data calls answer from the primary
    expect((await sessionDrift()).map((r) => r.exposed)).toEqual([7]);
    await snapshot();
    for (const replica of t.web) expect(countIn(replica.name, marker) - downBefore[replica.name]!, `${replica.name} says it once`).toBe(1);

    await control("start", "replica");
    await waitFor(async () => (await readLag()).source === "replica", { timeoutMs: 15_000, what: "pages to read the replica again" });
    await snapshot();
    expect(t.web.some((x) => countIn(x.name, "the read replica is back") >= 1)).toBe(true);
    console.log("topology replica: stopped → pages 200 from the primary, each web replica logged it once; started → pages read it again");
  });
});
