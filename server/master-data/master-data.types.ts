import { z } from "zod";

export const CODE_PATTERN = /^[A-Za-z0-9\-_.:/]{1,64}$/;
const CODE_HINT = "1–64 characters of letters, digits and -_.:/ (case-sensitive)";

export const ZCode = z.string({ error: "must be a string code" }).regex(CODE_PATTERN, CODE_HINT);
export const ZUpc = z.string({ error: "must be a string of digits" }).regex(/^\d{8,14}$/, "UPCs are 8–14 digits");

export const LOCATION_KINDS = ["warehouse", "store", "3pl", "dropship"] as const;
export const CHANNEL_KINDS = ["shopify", "amazon", "marketplace", "b2b", "edi", "pos", "other"] as const;
export const CONNECTOR_KINDS = ["erp", "wms", "oms", "channel", "3pl", "pos", "edi"] as const;

const ZName = z.string().trim().min(1).max(200);

export const ZSkuInput = z.strictObject({
  code: ZCode,
  upc: ZUpc.nullish(),
  aliases: z.array(ZCode).max(50).optional(),
  name: ZName.nullish(),
  category: ZName.nullish(),
});

export const ZLocationInput = z.strictObject({
  code: ZCode,
  kind: z.enum(LOCATION_KINDS),
  name: ZName.nullish(),
  aliases: z.array(ZCode).max(50).optional(),
  authoritativeConnector: ZCode.nullish(),
});

export const ZChannelInput = z.strictObject({
  code: ZCode,
  kind: z.enum(CHANNEL_KINDS),
  name: ZName.nullish(),
  freshnessSloSeconds: z.number().int().min(1).max(7 * 86_400),
  eligibleLocations: z.array(ZCode).max(500),
  priority: z.number().int().min(0).max(1000).optional(),
  /** an order not reserved, picked or cancelled this long after creation is stuck (default 900) */
  orderAllocationSloSeconds: z.number().int().min(1).max(30 * 86_400).optional(),
});

export const ZConnectorInput = z.strictObject({
  code: ZCode,
  kind: z.enum(CONNECTOR_KINDS),
  name: ZName.nullish(),
  heartbeatSeconds: z.number().int().min(5).max(7 * 86_400).optional(),
  channel: ZCode.nullish(),
  webhookSecret: z.string().min(8).max(256).optional(),
  rateLimitPerSecond: z.number().int().min(1).max(100_000).optional(),
  /** a partner message not acknowledged this long after it was sent is overdue (default 14,400: 4 h) */
  ackSloSeconds: z.number().int().min(1).max(90 * 86_400).optional(),
  /** where this connector's orders are fulfilled when its format names no location (EDI 850) */
  defaultLocation: ZCode.nullish(),
});

export const ZMasterData = z.strictObject({
  skus: z.array(ZSkuInput).max(100_000).optional(),
  locations: z.array(ZLocationInput).max(10_000).optional(),
  channels: z.array(ZChannelInput).max(1_000).optional(),
  connectors: z.array(ZConnectorInput).max(1_000).optional(),
});
export type TMasterData = z.infer<typeof ZMasterData>;

const ZCounts = z.object({ skus: z.number(), locations: z.number(), channels: z.number(), connectors: z.number() });
export const ZMasterDataResult = z.object({
  created: ZCounts,
  updated: ZCounts,
  connectorKeys: z.record(z.string(), z.string()),
});
export type TMasterDataResult = z.infer<typeof ZMasterDataResult>;

export const MASTER_DATA_MAX_BYTES = 5 * 1024 * 1024;
