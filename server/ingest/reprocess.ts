import type pg from "pg";
import type { TDelta } from "@/server/inventory/effects";
import { projectEvents, type TProjectable } from "@/server/inventory/projection";
import { detailOf } from "./event-detail";
import type { TReason } from "./event-log";
import { loadHeld, persistProjection } from "./ingest-batch";
import { lookupMasterData, resolveEvent } from "./resolve";
import { advanceStream } from "./sequence";
import { validateEvent, type TValidated } from "./validate";

export type TReprocessOutcome = {
  pk: string;
  connectorId: number;
  /** applied now · skipped: already accepted (applying again would count twice) · failed: still not valid */
  outcome: "applied" | "skipped" | "failed";
  previousStatus: string;
  reasons?: TReason[];
  /** occurred at or before the latest snapshot of its position: recorded, but the fields that snapshot reported are not changed (they already include it) */
  isBeforeSnapshot?: boolean;
};

export type TReprocessResult = {
  outcomes: TReprocessOutcome[];
  /** held events after a filled gap, released as a consequence */
  alsoReleased: string[];
  dirtySkuIds: number[];
};

type TStored = { id: string; connector_id: number; status: string; payload: unknown; sequence: string | null; channel_id: number | null; channel_code: string | null };

/**
 * Re-runs stored held or rejected events through validation, resolution and the projection, in
 * the caller's transaction (commit it to apply; roll it back for a dry run that sees exactly the
 * same effects). Already-accepted events are skipped, so doing it twice changes nothing. Events with
 * a sequence move their connector's stream past them, releasing held events behind the gap.
 */
export async function reprocessEvents(client: pg.ClientBase, pks: string[], opts: { releasedBy: "replay" | "operator"; now?: Date }): Promise<TReprocessResult> {
  const now = opts.now ?? new Date();
  const { rows } = await client.query<TStored>(
    `select e.id, e.connector_id, e.status, e.payload, e.sequence, c.channel_id, ch.code as channel_code
     from event e join connector c on c.id = e.connector_id left join channel ch on ch.id = c.channel_id
     where e.id = any($1::bigint[]) order by e.id for update of e`,
    [pks],
  );
  const outcomes: TReprocessOutcome[] = [];
  const candidates: { row: TStored; v: Extract<TValidated, { ok: true }> }[] = [];
  for (const row of rows) {
    if (row.status === "accepted") {
      outcomes.push({ pk: row.id, connectorId: row.connector_id, outcome: "skipped", previousStatus: row.status });
      continue;
    }
    const v = validateEvent(row.payload, now);
    if (!v.ok) outcomes.push({ pk: row.id, connectorId: row.connector_id, outcome: "failed", previousStatus: row.status, reasons: v.reasons });
    else candidates.push({ row, v });
  }

  const lookup = await lookupMasterData(client, candidates.map((c) => c.v.event));
  const toApply: { row: TStored; projectable: TProjectable }[] = [];
  for (const { row, v } of candidates) {
    const channel = row.channel_id === null ? null : { id: row.channel_id, code: row.channel_code ?? "?" };
    const { resolved, reasons } = resolveEvent(v.event, lookup, channel);
    if (reasons.length) {
      outcomes.push({ pk: row.id, connectorId: row.connector_id, outcome: "failed", previousStatus: row.status, reasons });
      continue;
    }
    const e = v.event;
    toApply.push({
      row,
      projectable: {
        pk: row.id,
        connectorId: row.connector_id,
        type: e.type,
        skuId: resolved.skuId,
        locationId: resolved.locationId,
        locationAuthorityId: resolved.locationAuthorityId,
        toLocationId: resolved.toLocationId,
        channelId: resolved.channelId,
        channelLocation: resolved.locationCode ?? "",
        quantity: e.type === "stock.adjusted" ? (e.delta ?? null) : (e.quantity ?? null),
        disposition: e.disposition ?? null,
        balances: (e.balances as TDelta | undefined) ?? null,
        orderRef: e.orderRef ?? null,
        occurredAt: v.occurredAt,
        sequence: e.sequence ?? null,
        ord: outcomes.length + toApply.length,
        detail: detailOf(e),
      },
    });
  }
  const failed = outcomes.filter((o) => o.outcome === "failed");
  if (failed.length) {
    await client.query(`update event e set reasons = u.reasons::jsonb from unnest($1::bigint[], $2::text[]) as u(id, reasons) where e.id = u.id`, [failed.map((f) => f.pk), failed.map((f) => JSON.stringify(f.reasons))]);
  }

  if (toApply.length) {
    await client.query(
      `update event e set status = 'accepted', applied_at = now(), reasons = null,
         sku_id = u.sku_id, location_id = u.location_id, to_location_id = u.to_location_id, channel_id = u.channel_id, quantity = u.quantity,
         type = u.type, occurred_at = u.occurred_at, flags = coalesce(e.flags, '{}'::jsonb) || jsonb_build_object('releasedBy', $8::text)
       from unnest($1::bigint[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[], $7::timestamptz[], $9::text[])
            as u(id, sku_id, location_id, to_location_id, channel_id, quantity, occurred_at, type)
       where e.id = u.id`,
      [
        toApply.map((a) => a.row.id),
        toApply.map((a) => a.projectable.skuId),
        toApply.map((a) => a.projectable.locationId),
        toApply.map((a) => a.projectable.toLocationId),
        toApply.map((a) => a.projectable.channelId),
        toApply.map((a) => a.projectable.quantity),
        toApply.map((a) => a.projectable.occurredAt),
        opts.releasedBy,
        toApply.map((a) => a.projectable.type),
      ],
    );
  }

  // A replayed or released sequence moves its stream on; held events right behind it follow.
  const alsoReleased: TProjectable[] = [];
  const byConnector = new Map<number, number[]>();
  for (const a of toApply) if (a.projectable.sequence !== null) byConnector.set(a.row.connector_id, [...(byConnector.get(a.row.connector_id) ?? []), a.projectable.sequence]);
  for (const [connectorId, sequences] of byConnector) {
    const last = Number((await client.query<{ last_sequence: string }>("select last_sequence from connector where id = $1 for update", [connectorId])).rows[0]!.last_sequence);
    const top = Math.max(last, ...sequences);
    const held = (await client.query<{ id: string; sequence: string }>(`select id, sequence from event where connector_id = $1 and status = 'held' order by sequence`, [connectorId])).rows;
    const stream = advanceStream(top, [], held.map((h) => ({ key: h.id, seq: Number(h.sequence) })));
    alsoReleased.push(...(await loadHeld(client, [...stream.releasedKeys], connectorId, 1_000_000, "gap_filled")));
    if (stream.newLast !== last) await client.query("update connector set last_sequence = $2 where id = $1", [connectorId, stream.newLast]);
  }

  const projection = await projectEvents(client, [...toApply.map((a) => a.projectable), ...alsoReleased]);
  await persistProjection(client, projection);
  for (const a of toApply) {
    outcomes.push({ pk: a.row.id, connectorId: a.row.connector_id, outcome: "applied", previousStatus: a.row.status, ...(projection.flags.get(a.row.id)?.beforeSnapshot ? { isBeforeSnapshot: true } : {}) });
  }
  return { outcomes, alsoReleased: alsoReleased.map((p) => p.pk), dirtySkuIds: projection.dirtySkuIds };
}
