import { z } from "zod";
import { ZCode } from "@/server/master-data/master-data.types";

export const ZAvailabilityQuery = z.strictObject({
  channel: ZCode.optional(),
  sku: ZCode.optional(),
  since: z.iso.datetime({ offset: true, error: "since must be an ISO-8601 datetime with Z or an offset" }).optional(),
  cursor: z.string().max(200).optional(),
  // Lists clamp rather than refuse: default 50, at most 500.
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int("limit must be a whole number")
    .transform((n) => Math.min(500, Math.max(1, n)))
    .default(50),
});
export type TAvailabilityQuery = z.infer<typeof ZAvailabilityQuery>;

export const ZAvailabilityItem = z.object({
  sku: z.string(),
  channel: z.string(),
  target: z.number().int(),
  exposed: z.number().int().nullable(),
  exposedAt: z.string().nullable().describe("ISO-8601, when the channel last reported its quantity"),
  drift: z.number().int().nullable().describe("exposed − target (positive: oversell risk)"),
});
export const ZAvailabilityPage = z.object({ items: z.array(ZAvailabilityItem), nextCursor: z.string().nullable() });
export type TAvailabilityPage = z.infer<typeof ZAvailabilityPage>;
