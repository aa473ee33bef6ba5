// POST /api/v1/edi/x12 for one authenticated connector: the body parsed (broken X12 is kept whole
// as a dead letter and answered 400), each supported transaction set mapped to contract events and
// sent through the same ingest as JSON (one database transaction per set, idempotent by
// `{ISA13}-{ST02}-{n}`), answered per event and per transaction set.
import { db } from "@/server/db";
import { ingestBatch, touchConnector, type TIngestConnector } from "@/server/ingest/ingest-batch";
import type { TIngestResult } from "@/server/ingest/event.types";
import { DEPLOYMENT_SLOTS, keepMalformedBody, withIngestGate } from "@/server/ingest/post-events";
import { AppError } from "@/server/lib/errors";
import type { TLogger } from "@/server/lib/logger";
import type { TMapped, TX12Context, TX12Source } from "./common";
import { map846 } from "./map-846";
import { map850 } from "./map-850";
import { map997 } from "./map-997";
import { parseX12, X12Error } from "./parse";
import { X12_CONTENT_TYPE, type TX12Result, type TX12TransactionResult } from "./x12.types";

function mapTransaction(src: TX12Source, ctx: TX12Context): TMapped | null {
  switch (src.transaction.set) {
    case "846":
      return map846(src, ctx);
    case "850":
      return map850(src, ctx);
    case "997":
      return map997(src);
    default:
      return null;
  }
}

async function contextOf(connectorId: number): Promise<TX12Context> {
  const c = await db.connector.findUniqueOrThrow({ where: { id: connectorId }, select: { code: true, channel: { select: { code: true } }, defaultLocation: { select: { code: true } } } });
  return { connectorCode: c.code, channel: c.channel?.code ?? null, defaultLocation: c.defaultLocation?.code ?? null };
}

function statusOf(r: TIngestResult): TX12TransactionResult["status"] {
  const n = r.received;
  if (n === 0) return "ignored";
  if (r.accepted === n) return "accepted";
  if (r.duplicate === n) return "duplicate";
  if (r.rejected === n) return "rejected";
  return "partial";
}

/** Maps and ingests a body of X12 interchanges; `receivedAt` lets the demo history date what it sends. */
export async function ingestX12(connector: TIngestConnector, body: string, opts: { log: TLogger; receivedAt?: Date }): Promise<TX12Result> {
  const receivedAt = opts.receivedAt ?? new Date();
  let interchanges;
  try {
    interchanges = parseX12(body);
  } catch (e) {
    if (!(e instanceof X12Error)) throw e;
    await keepMalformedBody(connector.id, X12_CONTENT_TYPE, body, e.message);
    await touchConnector(connector.id, receivedAt, false).catch(() => undefined);
    opts.log.warn({ error: e.message }, "broken X12 kept as a dead letter");
    throw new AppError("invalid_body", `${e.message} The body was kept as a dead letter; fix it and send it again.`);
  }
  const ctx = await contextOf(connector.id);
  const answer: TX12Result = { received: 0, accepted: 0, duplicate: 0, conflict: 0, held: 0, rejected: 0, results: [], transactions: [] };
  for (const interchange of interchanges) {
    for (const group of interchange.groups) {
      for (const transaction of group.transactions) {
        const src = { interchange, group, transaction };
        const mapped = mapTransaction(src, ctx);
        if (!mapped) {
          answer.transactions.push({
            set: transaction.set,
            control: transaction.control,
            events: 0,
            status: "ignored",
            reasons: [{ code: "unsupported_set", field: "ST01", message: `Sightline maps 846, 850 and 997; transaction set ${transaction.set} was read but not mapped.` }],
          });
          continue;
        }
        const r = mapped.events.length ? await ingestBatch(connector, mapped.events, receivedAt, { rejections: mapped.rejections, slots: DEPLOYMENT_SLOTS }) : null;
        const offset = answer.results.length;
        if (r) {
          for (const k of ["received", "accepted", "duplicate", "conflict", "held", "rejected"] as const) answer[k] += r[k];
          answer.results.push(...r.results.map((x) => ({ ...x, index: offset + x.index })));
        }
        answer.transactions.push({
          set: transaction.set,
          control: transaction.control,
          events: mapped.events.length,
          status: r ? statusOf(r) : "ignored",
          ...(mapped.reasons?.length ? { reasons: mapped.reasons } : {}),
        });
      }
    }
  }
  await touchConnector(connector.id, receivedAt, answer.received > 0).catch((e: unknown) => opts.log.warn({ err: e }, "could not update last seen"));
  return answer;
}

/** The HTTP edge's call: the same, through ingest's load gate (503 when the database is the bottleneck). */
export function postX12(connector: TIngestConnector, body: string, log: TLogger) {
  return withIngestGate(() => ingestX12(connector, body, { log }));
}
