// "Fix, then replay": what an operations manager repairs from a dead-letter group before replaying
// it — a SKU alias, a location alias for an unknown location code, or a rejected event's payload.
// Aliases go through the master-data upsert (validated and audited there); a payload edit keeps the
// original in event_payload_edit and is audited in the same transaction.
import { z } from "zod";
import { recordAudit } from "@/server/audit/audit";
import { inPgTransaction } from "@/server/database/pg-transaction";
import { db } from "@/server/db";
import { canonicalJson } from "@/server/ingest/canonical-json";
import { reprocessEvents, type TReprocessOutcome } from "@/server/ingest/reprocess";
import { AppError } from "@/server/lib/errors";
import { LOCATION_KINDS, ZCode } from "@/server/master-data/master-data.types";
import { upsertMasterData } from "@/server/master-data/upsert";
import { ZEventPk } from "./replay.types";

export const ZAddSkuAlias = z.strictObject({ sku: ZCode, alias: ZCode });
export const ZAddLocationAlias = z.strictObject({ location: ZCode, alias: ZCode });
export const ZEditPayload = z.strictObject({
  id: ZEventPk,
  payload: z.record(z.string(), z.unknown(), { error: "payload must be a JSON object (the event as the connector should have sent it)" }),
  reason: z.string().trim().max(1000).optional(),
});

/** Adds `alias` to a SKU's aliases (keeping the ones it has), through the master-data upsert. */
export async function addSkuAlias(input: z.infer<typeof ZAddSkuAlias>, actorEmail: string) {
  const sku = await db.sku.findUnique({ where: { code: input.sku }, include: { aliases: true } });
  if (!sku) throw new AppError("not_found", `There is no SKU ${input.sku}; pick the catalogue SKU the unknown code stands for.`);
  const aliases = sku.aliases.map((a) => a.alias);
  if (aliases.includes(input.alias)) return { sku: sku.code, alias: input.alias, isNew: false };
  await upsertMasterData({ skus: [{ code: sku.code, aliases: [...aliases, input.alias] }] }, actorEmail);
  return { sku: sku.code, alias: input.alias, isNew: true };
}

/** Maps an unknown location code to a location, as one more of its aliases. */
export async function addLocationAlias(input: z.infer<typeof ZAddLocationAlias>, actorEmail: string) {
  const location = await db.location.findUnique({ where: { code: input.location }, include: { aliases: true } });
  if (!location) throw new AppError("not_found", `There is no location ${input.location}.`);
  const aliases = location.aliases.map((a) => a.alias);
  if (aliases.includes(input.alias)) return { location: location.code, alias: input.alias, isNew: false };
  const kind = LOCATION_KINDS.find((k) => k === location.kind) ?? "warehouse";
  await upsertMasterData({ locations: [{ code: location.code, kind, aliases: [...aliases, input.alias] }] }, actorEmail);
  return { location: location.code, alias: input.alias, isNew: true };
}

/**
 * Replaces a rejected event's payload with a corrected one. The eventId (the connector's
 * idempotency key) must stay; the stored body hash stays the connector's, so the connector re-sending
 * its original is still a duplicate. Answers what a replay of the edited event would now do.
 */
export async function editRejectedPayload(input: z.infer<typeof ZEditPayload>, actorEmail: string): Promise<{ editId: string; outcome: TReprocessOutcome | null }> {
  const editId = await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: bigint; status: string; event_id: string | null; payload: unknown }[]>`
      select id, status, event_id, payload from event where id = ${BigInt(input.id)} for update`;
    if (!row) throw new AppError("not_found", `There is no event ${input.id}.`);
    if (row.status !== "rejected") throw new AppError("conflict", `Event ${input.id} is ${row.status}: only a rejected event's payload can be edited.`);
    if (row.event_id === null) throw new AppError("conflict", `Event ${input.id} has no eventId, so a corrected copy could not be told apart from a new event; the connector must send it again.`);
    if (input.payload.eventId !== row.event_id) {
      throw new AppError("invalid_field", `payload.eventId must stay ${row.event_id}: it is the connector's idempotency key.`, { details: [{ path: "payload.eventId", field: "eventId", message: `must be ${row.event_id}` }] });
    }
    if (canonicalJson(input.payload) === canonicalJson(row.payload)) throw new AppError("invalid_field", "The edited payload is the same as the stored one; change what made it fail.");
    const [edit] = await tx.$queryRaw<{ id: bigint }[]>`
      insert into event_payload_edit (event_pk, original, edited, by_email, reason)
      values (${row.id}, ${JSON.stringify(row.payload)}::jsonb, ${JSON.stringify(input.payload)}::jsonb, ${actorEmail}, ${input.reason ?? null})
      returning id`;
    await tx.$executeRaw`update event set payload = ${JSON.stringify(input.payload)}::jsonb where id = ${row.id}`;
    const original = row.payload as Record<string, unknown>;
    const changed = [...new Set([...Object.keys(original ?? {}), ...Object.keys(input.payload)])].filter((k) => canonicalJson(original?.[k]) !== canonicalJson(input.payload[k])).sort();
    await recordAudit(tx, { actorEmail, action: "replay.payload_edit", targetType: "event", targetId: row.id, reason: input.reason ?? null, details: { editId: String(edit!.id), changed } });
    return String(edit!.id);
  });
  const dry = await inPgTransaction((c) => reprocessEvents(c, [input.id], { releasedBy: "replay" }), { rollback: true });
  return { editId, outcome: dry.outcomes[0] ?? null };
}

/** A rejected event's edits, newest first (the first one's `original` is what the connector sent). */
export async function payloadEdits(eventPk: string) {
  const rows = await db.eventPayloadEdit.findMany({ where: { eventPk: BigInt(eventPk) }, orderBy: { id: "desc" }, take: 50 });
  return rows.map((r) => ({ id: String(r.id), at: r.at.toISOString(), byEmail: r.byEmail, reason: r.reason, original: r.original, edited: r.edited }));
}
