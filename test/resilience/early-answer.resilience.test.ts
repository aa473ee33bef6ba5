// An answer sent before the body has been read (413 on a streamed body, 401/403/415 from the
// headers) carries Connection: close and closes the socket: through one undici pool (the way many
// connectors are written), the next request is answered instead of failing with ECONNRESET.
import { Readable } from "node:stream";
import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type TWorld } from "./lib/api";
import { sharedServer } from "./lib/servers";

const { baseUrl, token } = sharedServer();
let w: TWorld;
let pool: Pool;

beforeAll(async () => {
  w = await createWorld(baseUrl, token);
  pool = new Pool(baseUrl, { connections: 1, pipelining: 1 });
});
afterAll(async () => {
  await pool?.close();
});

/** 11 MB of JSON-ish bytes, streamed without a Content-Length (chunked). */
function hugeStream() {
  return Readable.from(
    (function* () {
      yield Buffer.from("[");
      for (let i = 0; i < 11 * 1024; i++) yield Buffer.alloc(1024, 0x20);
      yield Buffer.from("]");
    })(),
  );
}

async function validBatch() {
  const events = Array.from({ length: 2_000 }, (_, i) => ({
    eventId: w.nextId(),
    type: "receipt.posted",
    sku: w.code(i % 2 ? "A" : "B"),
    location: w.code("WH"),
    quantity: 1,
    occurredAt: new Date(Date.now() - 60_000 + i).toISOString(),
  }));
  const r = await pool.request({ path: "/api/v1/events", method: "POST", headers: { authorization: `Bearer ${w.key("wms")}`, "content-type": "application/json" }, body: JSON.stringify(events) });
  const body = (await r.body.json()) as { accepted: number };
  return { status: r.statusCode, accepted: body.accepted };
}

describe("answers sent before the body was read", () => {
  const early = [
    { what: "413 for a streamed body over 5 MB", status: 413, auth: () => w.key("wms"), type: "application/json", path: "/api/v1/events", method: "POST" as const },
    { what: "401 for a bad key", status: 401, auth: () => "slc_not-a-key", type: "application/json", path: "/api/v1/events", method: "POST" as const },
    { what: "415 for a wrong content type", status: 415, auth: () => w.key("wms"), type: "text/plain", path: "/api/v1/events", method: "POST" as const },
    { what: "403 for a connector key on an admin endpoint", status: 403, auth: () => w.key("wms"), type: "application/json", path: "/api/v1/master-data", method: "PUT" as const },
  ];
  for (const c of early) {
    it(`${c.what}: Connection: close, and the pool's next request is answered 200`, async () => {
      const r = await pool.request({ path: c.path, method: c.method, headers: { authorization: `Bearer ${c.auth()}`, "content-type": c.type }, body: hugeStream() });
      expect(r.statusCode).toBe(c.status);
      expect(r.headers.connection).toBe("close");
      await r.body.text();
      expect(await validBatch()).toEqual({ status: 200, accepted: 2_000 });
    });
  }
});
