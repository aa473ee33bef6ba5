// A connector's partner messages for its page: those still awaiting acknowledgement (overdue
// first), and the latest acknowledged ones with what the partner said.
import { z } from "zod";
import { db, type TTx } from "@/server/db";

export const ZPartnerMessagesInput = z.object({ connector: z.string().min(1).max(64), limit: z.number().int().min(1).max(200).default(50) });

export type TPartnerMessage = {
  messageRef: string;
  documentType: string | null;
  sentAt: Date | null;
  ackDueAt: Date | null;
  ackedAt: Date | null;
  result: string | null;
  errors: string[];
  isOverdue: boolean;
};

type TRow = { message_ref: string; document_type: string | null; sent_at: Date | null; ack_due_at: Date | null; acked_at: Date | null; result: string | null; errors: string[] | null; is_overdue: boolean };

const toMessage = (r: TRow): TPartnerMessage => ({
  messageRef: r.message_ref,
  documentType: r.document_type,
  sentAt: r.sent_at,
  ackDueAt: r.ack_due_at,
  ackedAt: r.acked_at,
  result: r.result,
  errors: r.errors ?? [],
  isOverdue: r.is_overdue,
});

export async function partnerMessages(input: z.infer<typeof ZPartnerMessagesInput>, tx: TTx = db) {
  const [c] = await tx.$queryRaw<{ id: number; ack_slo_seconds: number }[]>`select id, ack_slo_seconds from connector where code = ${input.connector}`;
  if (!c) return { ackSloSeconds: null, awaiting: [], acknowledged: [], awaitingTotal: 0 };
  const awaiting = await tx.$queryRaw<TRow[]>`
    select message_ref, document_type, sent_at, ack_due_at, acked_at, result, errors, ack_due_at < now() as is_overdue
    from partner_message where connector_id = ${c.id} and acked_at is null and sent_at is not null
    order by ack_due_at, message_ref limit ${input.limit}`;
  const [total] = await tx.$queryRaw<{ n: number }[]>`select count(*)::int as n from partner_message where connector_id = ${c.id} and acked_at is null and sent_at is not null`;
  const acknowledged = await tx.$queryRaw<TRow[]>`
    select message_ref, document_type, sent_at, ack_due_at, acked_at, result, errors, false as is_overdue
    from partner_message where connector_id = ${c.id} and acked_at is not null
    order by result_at desc nulls last, message_ref limit 8`;
  return { ackSloSeconds: c.ack_slo_seconds, awaiting: awaiting.map(toMessage), acknowledged: acknowledged.map(toMessage), awaitingTotal: total?.n ?? 0 };
}
