import type pg from "pg";
import type { TReason } from "./event-log";
import type { TEvent } from "./event.types";

export type TMasterLookup = {
  skuByKey: Map<string, number>;
  skuByUpc: Map<string, number>;
  locationByKey: Map<string, { id: number; code: string; authorityId: number | null }>;
  channelByCode: Map<string, number>;
};

/** Looks up every SKU, location and channel a batch names (codes first, then aliases) in three queries. */
export async function lookupMasterData(client: pg.ClientBase, events: TEvent[]): Promise<TMasterLookup> {
  if (events.length === 0) return { skuByKey: new Map(), skuByUpc: new Map(), locationByKey: new Map(), channelByCode: new Map() };
  const skuKeys = new Set<string>();
  const upcs = new Set<string>();
  const locationKeys = new Set<string>();
  const channels = new Set<string>();
  for (const e of events) {
    if (e.sku !== undefined) skuKeys.add(e.sku);
    else if (e.upc !== undefined) upcs.add(e.upc);
    if (e.location !== undefined) locationKeys.add(e.location);
    if (e.toLocation !== undefined) locationKeys.add(e.toLocation);
    if (e.channel !== undefined) channels.add(e.channel);
  }
  // one client runs one query at a time: these go in turn
  const skus = await client.query<{ key: string; id: number; by: string }>(
      `select code as key, id, 'code' as by from sku where code = any($1::text[])
       union all select alias, sku_id, 'alias' from sku_alias where alias = any($1::text[])
       union all select upc, id, 'upc' from sku where upc = any($2::text[])`,
      [[...skuKeys], [...upcs]],
    );
  const locations = await client.query<{ key: string; id: number; code: string; authority_id: number | null }>(
      `select l.code as key, l.id, l.code, l.authoritative_connector_id as authority_id from location l where l.code = any($1::text[])
       union all select a.alias, l.id, l.code, l.authoritative_connector_id from location_alias a join location l on l.id = a.location_id where a.alias = any($1::text[])`,
      [[...locationKeys]],
    );
  const channelRows = await client.query<{ code: string; id: number }>(`select code, id from channel where code = any($1::text[])`, [[...channels]]);
  const lookup: TMasterLookup = { skuByKey: new Map(), skuByUpc: new Map(), locationByKey: new Map(), channelByCode: new Map() };
  // codes win over aliases (master data forbids an alias equal to another SKU's code anyway)
  for (const r of skus.rows.sort((a, b) => (a.by === "code" ? -1 : 1) - (b.by === "code" ? -1 : 1))) {
    const target = r.by === "upc" ? lookup.skuByUpc : lookup.skuByKey;
    if (!target.has(r.key)) target.set(r.key, r.id);
  }
  for (const r of locations.rows) if (!lookup.locationByKey.has(r.key) || r.key === r.code) lookup.locationByKey.set(r.key, { id: r.id, code: r.code, authorityId: r.authority_id });
  for (const r of channelRows.rows) lookup.channelByCode.set(r.code, r.id);
  return lookup;
}

export type TResolved = {
  skuId: number | null;
  locationId: number | null;
  locationCode: string | null;
  locationAuthorityId: number | null;
  toLocationId: number | null;
  toLocationAuthorityId: number | null;
  channelId: number | null;
};

/** Resolves one event's references; unknown ones and channel-scope violations become reasons. */
export function resolveEvent(e: TEvent, lookup: TMasterLookup, connectorChannel: { id: number; code: string } | null): { resolved: TResolved; reasons: TReason[] } {
  const reasons: TReason[] = [];
  let skuId: number | null = null;
  if (e.sku !== undefined) {
    skuId = lookup.skuByKey.get(e.sku) ?? null;
    if (skuId === null) reasons.push({ code: "unknown_sku", field: "sku", message: `no SKU has the code or alias ${e.sku}`, value: e.sku });
  } else if (e.upc !== undefined) {
    skuId = lookup.skuByUpc.get(e.upc) ?? null;
    if (skuId === null) reasons.push({ code: "unknown_sku", field: "upc", message: `no SKU has the UPC ${e.upc}`, value: e.upc });
  }
  const location = e.location !== undefined ? lookup.locationByKey.get(e.location) : undefined;
  if (e.location !== undefined && !location) reasons.push({ code: "unknown_location", field: "location", message: `no location has the code or alias ${e.location}`, value: e.location });
  const toLocation = e.toLocation !== undefined ? lookup.locationByKey.get(e.toLocation) : undefined;
  if (e.toLocation !== undefined && !toLocation) reasons.push({ code: "unknown_location", field: "toLocation", message: `no location has the code or alias ${e.toLocation}`, value: e.toLocation });
  let channelId: number | null = null;
  if (e.channel !== undefined) {
    channelId = lookup.channelByCode.get(e.channel) ?? null;
    if (channelId === null) reasons.push({ code: "unknown_channel", field: "channel", message: `no channel has the code ${e.channel}`, value: e.channel });
    else if (connectorChannel && connectorChannel.id !== channelId) {
      reasons.push({ code: "invalid_field", field: "channel", message: `this connector reports channel ${connectorChannel.code} only, not ${e.channel}`, value: e.channel });
    }
  }
  return {
    resolved: {
      skuId,
      locationId: location?.id ?? null,
      locationCode: location?.code ?? null,
      locationAuthorityId: location?.authorityId ?? null,
      toLocationId: toLocation?.id ?? null,
      toLocationAuthorityId: toLocation?.authorityId ?? null,
      channelId,
    },
    reasons,
  };
}
