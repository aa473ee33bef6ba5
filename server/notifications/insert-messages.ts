// Writing messages: one statement for any number, and the delivery jobs that go with them.
import type { TTx } from "@/server/db";
import { kickDelivery } from "./jobs";

export type TNewMessage = { id: string; endpoint_id: string | null; to_address: string | null; type: string; group_id: number | null; payload: unknown };

/** Inserts messages (one statement) and asks for their delivery. */
export async function insertMessages(tx: TTx, messages: TNewMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await tx.$executeRaw`
    insert into notification_message (id, endpoint_id, to_address, type, group_id, payload, status, next_attempt_at)
    select m.id, m.endpoint_id, m.to_address, m.type, m.group_id, m.payload, 'pending', now()
    from jsonb_to_recordset(${JSON.stringify(messages)}::jsonb) as m(id text, endpoint_id text, to_address text, type text, group_id int, payload jsonb)`;
  await kickDelivery(tx, messages.map((m) => m.endpoint_id));
}
