import { z } from "zod";
import { ZCode } from "@/server/master-data/master-data.types";
import { ZCursor, ZLimit } from "./paging";

export const DRIFT_KINDS = ["channel", "system", "staleness"] as const;
export type TDriftKind = (typeof DRIFT_KINDS)[number];

/** positive: the channel shows more than its target (oversell risk); negative: less (lost sales). */
export const DRIFT_SIGNS = ["positive", "negative"] as const;
/** drift: largest |drift| first; risk: units at risk first (exposed − target, largest first). */
export const DRIFT_SORTS = ["drift", "risk"] as const;

const ZSearch = z.string().trim().min(1).max(64);

/** Filters shared by every drift view (each view uses those that apply to it). */
export const ZDriftFilters = z.object({
  sku: ZCode.optional().describe("exact SKU code"),
  q: ZSearch.optional().describe("prefix of a SKU code, UPC or alias"),
  location: ZCode.optional().describe("channel view: channels selling from this location; system view: this location"),
  channel: ZCode.optional(),
  category: z.string().trim().min(1).max(200).optional(),
  sign: z.enum(DRIFT_SIGNS).optional().describe("positive = oversell risk, negative = lost sales"),
  minDrift: z.coerce.number().int().min(0).max(1_000_000_000).optional().describe("minimum |drift| in units"),
});
export type TDriftFilters = z.infer<typeof ZDriftFilters>;

/** GET /api/v1/drift (and the tRPC list procedure): one schema for both. */
export const ZDriftQuery = ZDriftFilters.extend({
  kind: z.enum(DRIFT_KINDS).default("channel"),
  sort: z.enum(DRIFT_SORTS).default("drift").describe("channel view only"),
  limit: ZLimit,
  cursor: ZCursor.optional(),
});
export type TDriftQuery = z.infer<typeof ZDriftQuery>;

export const ZChannelDriftItem = z.object({
  sku: z.string(),
  channel: z.string(),
  target: z.number().int(),
  exposed: z.number().int(),
  drift: z.number().int().describe("exposed − target"),
  exposedAt: z.string().nullable(),
});
export type TChannelDriftItem = z.infer<typeof ZChannelDriftItem> & { skuName: string | null };

export const ZSystemDriftItem = z.object({
  sku: z.string(),
  location: z.string(),
  erpOnHand: z.number().int(),
  wmsOnHand: z.number().int(),
  drift: z.number().int().describe("erpOnHand − wmsOnHand"),
});
export type TSystemDriftItem = z.infer<typeof ZSystemDriftItem> & { skuName: string | null };

export const ZStalenessItem = z.object({
  channel: z.string().nullable().describe("set on a channel's row"),
  connector: z.string().nullable().describe("set on a connector's row"),
  lastUpdateAt: z.string().nullable().describe("channel: last channel.quantity.* by occurredAt; connector: last event received"),
  staleSeconds: z.number().int().nullable(),
  sloSeconds: z.number().int().describe("channel: freshness SLO; connector: heartbeatSeconds"),
  isStale: z.boolean(),
});
export type TStalenessItem = z.infer<typeof ZStalenessItem>;

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export const ZChannelDriftPage = page(ZChannelDriftItem);
export const ZSystemDriftPage = page(ZSystemDriftItem);
export const ZStalenessPage = page(ZStalenessItem);
export const ZDriftResponse = z.object({
  items: z.array(z.union([ZChannelDriftItem, ZSystemDriftItem, ZStalenessItem])),
  nextCursor: z.string().nullable(),
});
