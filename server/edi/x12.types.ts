// POST /api/v1/edi/x12: the ingest answer plus what became of each transaction set (DESIGN.md "EDI X12").
import { z } from "zod";
import { ZIngestResult } from "@/server/ingest/event.types";

export const X12_CONTENT_TYPE = "application/edi-x12";
/** Transaction sets Sightline maps; any other is reported `ignored`. */
export const MAPPED_SETS = ["846", "850", "997"] as const;

export const ZX12Transaction = z.object({
  set: z.string().describe("ST01, e.g. 846"),
  control: z.string().describe("ST02, the transaction set control number"),
  events: z.number().int().describe("contract events it became"),
  status: z.enum(["accepted", "duplicate", "rejected", "partial", "ignored"]).describe("all its events accepted / duplicate / rejected, a mix (partial), or a set Sightline does not map (ignored)"),
  reasons: z.array(z.object({ code: z.string(), field: z.string().optional(), message: z.string() })).optional(),
});
export type TX12TransactionResult = z.infer<typeof ZX12Transaction>;

export const ZX12Result = ZIngestResult.extend({ transactions: z.array(ZX12Transaction) });
export type TX12Result = z.infer<typeof ZX12Result>;
