import { Prisma } from "@prisma/client";
import { recordAudit } from "@/server/audit/audit";
import { db, type TTx } from "@/server/db";
import { newToken, sealSecret, sha256Hex, tokenPrefix } from "@/server/lib/crypto";
import { AppError, type TErrorDetail } from "@/server/lib/errors";
import { markTargetsDirty } from "@/server/targets/dirty";
import type { TMasterData, TMasterDataResult } from "./master-data.types";

type TCounts = TMasterDataResult["created"];
const zero = (): TCounts => ({ skus: 0, locations: 0, channels: 0, connectors: 0 });

function duplicates<T>(items: T[] | undefined, key: (t: T) => string, list: string, problems: TErrorDetail[]) {
  const seen = new Map<string, number>();
  items?.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) problems.push({ path: `${list}[${i}].code`, field: "code", message: `${k} appears twice in ${list} (also at ${list}[${first}])` });
    else seen.set(k, i);
  });
}

async function existingCodes(tx: TTx, table: "connector" | "location" | "channel", codes: string[]) {
  if (codes.length === 0) return new Set<string>();
  const rows = await tx.$queryRaw<{ code: string }[]>`select code from ${Prisma.raw(table)} where code = any(${codes}::text[])`;
  return new Set(rows.map((r) => r.code));
}

/** Checks every reference and uniqueness rule before anything is written; names item and field. */
async function validate(tx: TTx, body: TMasterData): Promise<TErrorDetail[]> {
  const problems: TErrorDetail[] = [];
  duplicates(body.skus, (s) => s.code, "skus", problems);
  duplicates(body.locations, (s) => s.code, "locations", problems);
  duplicates(body.channels, (s) => s.code, "channels", problems);
  duplicates(body.connectors, (s) => s.code, "connectors", problems);

  const bodyConnectors = new Set(body.connectors?.map((c) => c.code));
  const bodyLocations = new Set(body.locations?.map((c) => c.code));
  const bodyChannels = new Set(body.channels?.map((c) => c.code));
  const known = {
    connector: await existingCodes(tx, "connector", (body.locations ?? []).flatMap((l) => (l.authoritativeConnector ? [l.authoritativeConnector] : []))),
    location: await existingCodes(tx, "location", [...(body.channels ?? []).flatMap((c) => c.eligibleLocations), ...(body.connectors ?? []).flatMap((c) => (c.defaultLocation ? [c.defaultLocation] : []))]),
    channel: await existingCodes(tx, "channel", (body.connectors ?? []).flatMap((c) => (c.channel ? [c.channel] : []))),
  };
  body.locations?.forEach((l, i) => {
    const ref = l.authoritativeConnector;
    if (ref && !bodyConnectors.has(ref) && !known.connector.has(ref)) {
      problems.push({ path: `locations[${i}].authoritativeConnector`, field: "authoritativeConnector", message: `unknown connector ${ref}` });
    }
  });
  body.channels?.forEach((c, i) =>
    c.eligibleLocations.forEach((ref, j) => {
      if (!bodyLocations.has(ref) && !known.location.has(ref)) {
        problems.push({ path: `channels[${i}].eligibleLocations[${j}]`, field: "eligibleLocations", message: `unknown location ${ref}` });
      }
    }),
  );
  body.connectors?.forEach((c, i) => {
    if (c.channel && !bodyChannels.has(c.channel) && !known.channel.has(c.channel)) {
      problems.push({ path: `connectors[${i}].channel`, field: "channel", message: `unknown channel ${c.channel}` });
    }
    if (c.defaultLocation && !bodyLocations.has(c.defaultLocation) && !known.location.has(c.defaultLocation)) {
      problems.push({ path: `connectors[${i}].defaultLocation`, field: "defaultLocation", message: `unknown location ${c.defaultLocation}` });
    }
  });
  await validateSkuIdentifiers(tx, body, problems);
  await validateLocationAliases(tx, body, problems);
  return problems;
}

async function validateSkuIdentifiers(tx: TTx, body: TMasterData, problems: TErrorDetail[]) {
  const skus = body.skus ?? [];
  if (skus.length === 0) return;
  const codes = skus.map((s) => s.code);
  const aliases = skus.flatMap((s) => s.aliases ?? []);
  const upcs = skus.flatMap((s) => (s.upc ? [s.upc] : []));
  const redefinesAliases = new Set(skus.filter((s) => s.aliases).map((s) => s.code));
  const aliasOwners = new Map<string, string>();
  for (const r of await tx.$queryRaw<{ alias: string; code: string }[]>`
      select a.alias, s.code from sku_alias a join sku s on s.id = a.sku_id where a.alias = any(${aliases}::text[])`) {
    aliasOwners.set(r.alias, r.code);
  }
  const codeClash = new Set(
    (await tx.$queryRaw<{ code: string }[]>`select code from sku where code = any(${aliases}::text[])`).map((r) => r.code),
  );
  const upcOwners = new Map<string, string>();
  for (const r of await tx.$queryRaw<{ upc: string; code: string }[]>`select upc, code from sku where upc = any(${upcs}::text[])`) {
    upcOwners.set(r.upc, r.code);
  }
  const bodyCodes = new Set(codes);
  const aliasInBody = new Map<string, string>();
  const upcInBody = new Map<string, string>();
  skus.forEach((s, i) => {
    s.aliases?.forEach((alias, j) => {
      const path = `skus[${i}].aliases[${j}]`;
      const other = aliasInBody.get(alias);
      if (other && other !== s.code) problems.push({ path, field: "aliases", message: `alias ${alias} is also given to ${other}` });
      aliasInBody.set(alias, s.code);
      if ((bodyCodes.has(alias) || codeClash.has(alias)) && alias !== s.code) {
        problems.push({ path, field: "aliases", message: `alias ${alias} is another SKU's code` });
      }
      const owner = aliasOwners.get(alias);
      if (owner && owner !== s.code && !redefinesAliases.has(owner)) {
        problems.push({ path, field: "aliases", message: `alias ${alias} already belongs to SKU ${owner}` });
      }
    });
    if (s.upc) {
      const path = `skus[${i}].upc`;
      const other = upcInBody.get(s.upc);
      if (other) problems.push({ path, field: "upc", message: `UPC ${s.upc} is also given to ${other}` });
      upcInBody.set(s.upc, s.code);
      const owner = upcOwners.get(s.upc);
      if (owner && owner !== s.code && !bodyCodes.has(owner)) {
        problems.push({ path, field: "upc", message: `UPC ${s.upc} already belongs to SKU ${owner}` });
      }
    }
  });
}

async function validateLocationAliases(tx: TTx, body: TMasterData, problems: TErrorDetail[]) {
  const locations = body.locations ?? [];
  const aliases = locations.flatMap((l) => l.aliases ?? []);
  if (aliases.length === 0) return;
  const owners = new Map(
    (await tx.$queryRaw<{ alias: string; code: string }[]>`
      select a.alias, l.code from location_alias a join location l on l.id = a.location_id where a.alias = any(${aliases}::text[])`).map((r) => [r.alias, r.code]),
  );
  const redefined = new Set(locations.filter((l) => l.aliases).map((l) => l.code));
  const inBody = new Map<string, string>();
  locations.forEach((l, i) =>
    l.aliases?.forEach((alias, j) => {
      const path = `locations[${i}].aliases[${j}]`;
      const other = inBody.get(alias);
      if (other && other !== l.code) problems.push({ path, field: "aliases", message: `alias ${alias} is also given to ${other}` });
      inBody.set(alias, l.code);
      const owner = owners.get(alias);
      if (owner && owner !== l.code && !redefined.has(owner)) {
        problems.push({ path, field: "aliases", message: `alias ${alias} already belongs to location ${owner}` });
      }
    }),
  );
}

// Set-based: a catalogue can hold tens of thousands of SKUs per request.
async function upsertSkus(tx: TTx, skus: NonNullable<TMasterData["skus"]>, created: TCounts, updated: TCounts) {
  if (skus.length === 0) return;
  const codes = skus.map((s) => s.code);
  const upcSet = skus.map((s) => s.upc !== undefined);
  const upcs = skus.map((s) => s.upc ?? null);
  const nameSet = skus.map((s) => s.name !== undefined);
  const names = skus.map((s) => s.name ?? null);
  const categorySet = skus.map((s) => s.category !== undefined);
  const categories = skus.map((s) => s.category ?? null);
  // Clear UPCs that move between SKUs in this body first, so the unique index never sees two owners.
  await tx.$executeRaw`update sku set upc = null where upc = any(${upcs.filter((u): u is string => !!u)}::text[]) and not (code = any(${codes}::text[]))`;
  const rows = await tx.$queryRaw<{ id: number; code: string; inserted: boolean }[]>`
    insert into sku (code, upc, name, category, updated_at)
    select code, upc, name, category, now()
    from unnest(${codes}::text[], ${upcs}::text[], ${names}::text[], ${categories}::text[]) as i(code, upc, name, category)
    on conflict (code) do update set
      upc = case when (${upcSet}::bool[])[array_position(${codes}::text[], excluded.code)] then excluded.upc else sku.upc end,
      name = case when (${nameSet}::bool[])[array_position(${codes}::text[], excluded.code)] then excluded.name else sku.name end,
      category = case when (${categorySet}::bool[])[array_position(${codes}::text[], excluded.code)] then excluded.category else sku.category end,
      updated_at = now()
    returning id, code, (xmax = 0) as inserted`;
  const idByCode = new Map(rows.map((r) => [r.code, r.id]));
  for (const r of rows) r.inserted ? created.skus++ : updated.skus++;

  const withAliases = skus.filter((s) => s.aliases);
  if (withAliases.length > 0) {
    const ids = withAliases.map((s) => idByCode.get(s.code)!);
    const aliasList = withAliases.flatMap((s) => s.aliases!.map((a) => ({ a, id: idByCode.get(s.code)! })));
    await tx.$executeRaw`delete from sku_alias where sku_id = any(${ids}::int[]) or alias = any(${aliasList.map((x) => x.a)}::text[])`;
    await tx.$executeRaw`
      insert into sku_alias (alias, sku_id)
      select * from unnest(${aliasList.map((x) => x.a)}::text[], ${aliasList.map((x) => x.id)}::int[])
      on conflict (alias) do update set sku_id = excluded.sku_id`;
  }
}

async function setAliases(tx: TTx, locationId: number, aliases: string[]) {
  await tx.locationAlias.deleteMany({ where: { OR: [{ locationId }, { alias: { in: aliases } }] } });
  if (aliases.length > 0) await tx.locationAlias.createMany({ data: aliases.map((alias) => ({ alias, locationId })) });
}

/**
 * PUT /api/v1/master-data: upserts by code; references inside one body resolve whatever their
 * order; lists omitted are left as they are. Connector keys are returned for new connectors only.
 */
export async function upsertMasterData(body: TMasterData, actorEmail: string): Promise<TMasterDataResult> {
  return db.$transaction(
    async (tx) => {
      const problems = await validate(tx, body);
      if (problems.length > 0) {
        const first = problems[0]!;
        throw new AppError("invalid_field", `${first.path}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`, { details: problems.slice(0, 100) });
      }
      const created = zero();
      const updated = zero();
      const connectorKeys: Record<string, string> = {};

      await upsertSkus(tx, body.skus ?? [], created, updated);

      // Base rows first (without cross references), then the references, so order never matters.
      const connectorIds = new Map<string, number>();
      for (const c of body.connectors ?? []) {
        const existing = await tx.connector.findUnique({ where: { code: c.code } });
        const data = {
          kind: c.kind,
          ...(c.name !== undefined ? { name: c.name } : {}),
          ...(c.heartbeatSeconds !== undefined ? { heartbeatSeconds: c.heartbeatSeconds } : {}),
          ...(c.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: c.rateLimitPerSecond } : {}),
          ...(c.ackSloSeconds !== undefined ? { ackSloSeconds: c.ackSloSeconds } : {}),
          ...(c.webhookSecret !== undefined ? { webhookSecretEnc: sealSecret(c.webhookSecret) } : {}),
        };
        if (existing) {
          await tx.connector.update({ where: { id: existing.id }, data });
          connectorIds.set(c.code, existing.id);
          updated.connectors++;
        } else {
          const key = newToken("slc");
          const row = await tx.connector.create({ data: { code: c.code, ...data, keyHash: sha256Hex(key), keyPrefix: tokenPrefix(key) } });
          connectorIds.set(c.code, row.id);
          connectorKeys[c.code] = key;
          created.connectors++;
        }
      }
      const locationIds = new Map<string, number>();
      for (const l of body.locations ?? []) {
        const data = { kind: l.kind, ...(l.name !== undefined ? { name: l.name } : {}) };
        const existing = await tx.location.findUnique({ where: { code: l.code } });
        const row = existing
          ? await tx.location.update({ where: { id: existing.id }, data })
          : await tx.location.create({ data: { code: l.code, ...data } });
        existing ? updated.locations++ : created.locations++;
        locationIds.set(l.code, row.id);
        if (l.aliases) await setAliases(tx, row.id, l.aliases);
      }
      const channelIds = new Map<string, number>();
      for (const c of body.channels ?? []) {
        const data = {
          kind: c.kind,
          freshnessSloSeconds: c.freshnessSloSeconds,
          ...(c.name !== undefined ? { name: c.name } : {}),
          ...(c.priority !== undefined ? { priority: c.priority } : {}),
          ...(c.orderAllocationSloSeconds !== undefined ? { orderAllocationSloSeconds: c.orderAllocationSloSeconds } : {}),
        };
        const existing = await tx.channel.findUnique({ where: { code: c.code } });
        const row = existing
          ? await tx.channel.update({ where: { id: existing.id }, data })
          : await tx.channel.create({ data: { code: c.code, ...data } });
        existing ? updated.channels++ : created.channels++;
        channelIds.set(c.code, row.id);
      }

      const idOf = async (table: "connector" | "location" | "channel", code: string, local: Map<string, number>) => {
        const id = local.get(code);
        if (id !== undefined) return id;
        const rows = await tx.$queryRaw<{ id: number }[]>`select id from ${Prisma.raw(table)} where code = ${code}`;
        return rows[0]!.id;
      };
      for (const l of body.locations ?? []) {
        if (l.authoritativeConnector === undefined) continue;
        const authoritativeConnectorId = l.authoritativeConnector ? await idOf("connector", l.authoritativeConnector, connectorIds) : null;
        await tx.location.update({ where: { id: locationIds.get(l.code)! }, data: { authoritativeConnectorId } });
      }
      for (const c of body.connectors ?? []) {
        if (c.channel === undefined) continue;
        const channelId = c.channel ? await idOf("channel", c.channel, channelIds) : null;
        await tx.connector.update({ where: { id: connectorIds.get(c.code)! }, data: { channelId } });
      }
      for (const c of body.connectors ?? []) {
        if (c.defaultLocation === undefined) continue;
        const defaultLocationId = c.defaultLocation ? await idOf("location", c.defaultLocation, locationIds) : null;
        await tx.connector.update({ where: { id: connectorIds.get(c.code)! }, data: { defaultLocationId } });
      }
      const touchedChannels: number[] = [];
      for (const c of body.channels ?? []) {
        const channelId = channelIds.get(c.code)!;
        const wanted = await Promise.all(c.eligibleLocations.map((code) => idOf("location", code, locationIds)));
        const current = (await tx.channelLocation.findMany({ where: { channelId } })).map((r) => r.locationId);
        if (wanted.length === current.length && wanted.every((id) => current.includes(id))) continue;
        await tx.channelLocation.deleteMany({ where: { channelId } });
        await tx.channelLocation.createMany({ data: wanted.map((locationId) => ({ channelId, locationId })), skipDuplicates: true });
        touchedChannels.push(channelId);
      }
      if (touchedChannels.length > 0) await markTargetsDirty(tx, { channelIds: touchedChannels });

      await recordAudit(tx, {
        actorEmail,
        action: "master_data.upsert",
        targetType: "master_data",
        details: { created, updated, connectorsCreated: Object.keys(connectorKeys) },
      });
      return { created, updated, connectorKeys };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
