// The book-state kinds: negative ATP (SKU × location), oversell risk (SKU × channel) and system
// drift (ERP vs WMS on-hand per SKU × location). Each finder reads the touched keys, or every row
// for the periodic sweep; the clear functions find active groups whose condition no longer holds.
import { Prisma } from "@prisma/client";
import type { TTx } from "@/server/db";
import type { TResolvedConfig } from "./config";
import type { TOccurrenceInput } from "./raise";

export type TPair = { skuId: number; locationId: number };
export type TBookScope = { pairs?: TPair[]; skuIds?: number[]; all?: boolean };

function pairFilter(alias: string, scope: TBookScope) {
  if (scope.all) return Prisma.sql`true`;
  const pairs = scope.pairs ?? [];
  if (pairs.length === 0) return Prisma.sql`false`;
  const s = Prisma.raw(`${alias}.sku_id`);
  const l = Prisma.raw(`${alias}.location_id`);
  return Prisma.sql`(${s}, ${l}) in (select * from unnest(${pairs.map((p) => p.skuId)}::int[], ${pairs.map((p) => p.locationId)}::int[]))`;
}

export async function findNegativeAtp(tx: TTx, scope: TBookScope): Promise<TOccurrenceInput[]> {
  const rows = await tx.$queryRaw<{ sku_id: number; location_id: number; on_hand: number; reserved: number; allocated: number }[]>`
    select p.sku_id, p.location_id, p.on_hand, p.reserved, p.allocated from inventory_position p
    where ${pairFilter("p", scope)} and p.on_hand - p.reserved - p.allocated < 0`;
  return rows.map((r) => {
    const atp = r.on_hand - r.reserved - r.allocated;
    return {
      kind: "negative_atp",
      scope: { skuId: r.sku_id, locationId: r.location_id },
      unitsAtRisk: -atp,
      details: { atp, onHand: r.on_hand, reserved: r.reserved, allocated: r.allocated },
    };
  });
}

export type TOversellFindings = { occurrences: TOccurrenceInput[]; pendingSkuIds: number[] };

/**
 * SKU × channels exposing more than their target, judged only where the target is current: a SKU
 * with a target mark still queued (a book change the target worker has not recomputed yet) is
 * returned as pending instead, to be judged once its targets caught up. Marks are appended in the
 * transaction that changes the book and deleted in the one that writes the new targets, so in the
 * one snapshot of this statement "no mark queued" means the targets follow every committed change.
 */
export async function findOversellRisk(tx: TTx, scope: TBookScope): Promise<TOversellFindings> {
  const skuFilter = scope.all ? Prisma.sql`true` : (scope.skuIds?.length ?? 0) > 0 ? Prisma.sql`cp.sku_id = any(${scope.skuIds}::int[])` : Prisma.sql`false`;
  const markFilter = scope.all ? Prisma.sql`true` : (scope.skuIds?.length ?? 0) > 0 ? Prisma.sql`d.sku_id = any(${scope.skuIds}::int[])` : Prisma.sql`false`;
  const rows = await tx.$queryRaw<{ sku_id: number; channel_id: number | null; target: number | null; exposed: number | null; exposed_at: Date | null; pending: boolean }[]>`
    with pending as (select distinct d.sku_id from target_dirty d where ${markFilter})
    select cp.sku_id, cp.channel_id, cp.target, cp.exposed, cp.exposed_at, false as pending from channel_position cp
    where ${skuFilter} and cp.exposed is not null and cp.exposed > cp.target and cp.sku_id not in (select sku_id from pending)
    union all
    select sku_id, null, null, null, null, true from pending`;
  const occurrences: TOccurrenceInput[] = [];
  const pendingSkuIds: number[] = [];
  for (const r of rows) {
    if (r.pending) {
      pendingSkuIds.push(r.sku_id);
      continue;
    }
    occurrences.push({
      kind: "oversell_risk",
      scope: { skuId: r.sku_id, channelId: r.channel_id! },
      unitsAtRisk: r.exposed! - r.target!,
      details: { target: r.target, exposed: r.exposed, drift: r.exposed! - r.target!, exposedAt: r.exposed_at?.toISOString() ?? null },
    });
  }
  return { occurrences, pendingSkuIds };
}

/** ERP vs WMS reported on-hand per SKU × location (several of either kind: the widest gap counts). */
function systemDriftRows(tx: TTx, filter: Prisma.Sql) {
  return tx.$queryRaw<{ sku_id: number; location_id: number; erp: number; wms: number }[]>`
    select distinct on (e.sku_id, e.location_id) e.sku_id, e.location_id, e.on_hand as erp, w.on_hand as wms
    from reported_position e
    join connector ce on ce.id = e.connector_id and ce.kind = 'erp'
    join reported_position w on w.sku_id = e.sku_id and w.location_id = e.location_id
    join connector cw on cw.id = w.connector_id and cw.kind = 'wms'
    where ${filter}
    order by e.sku_id, e.location_id, abs(e.on_hand - w.on_hand) desc`;
}

export async function findSystemDrift(tx: TTx, scope: TBookScope, config: TResolvedConfig): Promise<TOccurrenceInput[]> {
  const rows = await systemDriftRows(tx, pairFilter("e", scope));
  return rows
    .filter((r) => Math.abs(r.erp - r.wms) >= config.systemDriftThreshold)
    .map((r) => ({
      kind: "system_drift",
      scope: { skuId: r.sku_id, locationId: r.location_id },
      unitsAtRisk: Math.abs(r.erp - r.wms),
      details: { erpOnHand: r.erp, wmsOnHand: r.wms, drift: r.erp - r.wms },
    }));
}

export type TClear = { id: number; isActive: boolean; reason: string };

/** Active (or awaiting-clear) book-state groups whose condition no longer holds. */
export async function clearedBookGroups(tx: TTx, config: TResolvedConfig, opts: { areTargetsCurrent: boolean }): Promise<TClear[]> {
  const negative = await tx.$queryRaw<{ id: number; state: string; atp: number | null }[]>`
    select g.id, g.state, p.on_hand - p.reserved - p.allocated as atp from exception_group g
    left join inventory_position p on p.sku_id = g.sku_id and p.location_id = g.location_id
    where g.kind = 'negative_atp' and (g.state <> 'resolved' or g.awaiting_clear)
      and (p.sku_id is null or p.on_hand - p.reserved - p.allocated >= 0)`;
  // An oversell group clears only against a current target too (see findOversellRisk), and not at
  // all while a staleness flip has not reached the targets yet.
  const oversell = opts.areTargetsCurrent
    ? await tx.$queryRaw<{ id: number; state: string; target: number | null; exposed: number | null }[]>`
        select g.id, g.state, cp.target, cp.exposed from exception_group g
        left join channel_position cp on cp.sku_id = g.sku_id and cp.channel_id = g.channel_id
        where g.kind = 'oversell_risk' and (g.state <> 'resolved' or g.awaiting_clear)
          and (cp.sku_id is null or cp.exposed is null or cp.exposed <= cp.target)
          and not exists (select 1 from target_dirty d where d.sku_id = g.sku_id)`
    : [];
  const driftGroups = await tx.$queryRaw<{ id: number; state: string; sku_id: number; location_id: number }[]>`
    select id, state, sku_id, location_id from exception_group where kind = 'system_drift' and (state <> 'resolved' or awaiting_clear)`;
  const still = new Set<string>();
  if (driftGroups.length > 0) {
    const pairs = driftGroups.map((g) => ({ skuId: g.sku_id, locationId: g.location_id }));
    for (const r of await systemDriftRows(tx, pairFilter("e", { pairs }))) {
      if (Math.abs(r.erp - r.wms) >= config.systemDriftThreshold) still.add(`${r.sku_id}:${r.location_id}`);
    }
  }
  return [
    ...negative.map((g) => ({ id: g.id, isActive: g.state !== "resolved", reason: g.atp === null ? "the position no longer exists" : `ATP is back to ${g.atp}` })),
    ...oversell.map((g) => ({
      id: g.id,
      isActive: g.state !== "resolved",
      reason: g.exposed === null ? "the channel no longer exposes this SKU" : `exposed ${g.exposed} is within the target ${g.target}`,
    })),
    ...driftGroups
      .filter((g) => !still.has(`${g.sku_id}:${g.location_id}`))
      .map((g) => ({ id: g.id, isActive: g.state !== "resolved", reason: `ERP and WMS on-hand agree within ${config.systemDriftThreshold}` })),
  ];
}
