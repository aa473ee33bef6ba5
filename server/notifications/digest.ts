// Rate limiting's other half: exception messages beyond an endpoint's rateLimitPerMinute are
// counted per endpoint and minute, and sent as one exception.digest when the minute ends.
import { db, type TTx } from "@/server/db";
import { enqueueJob } from "@/server/jobs/queue";
import { notifyConfig, type TNotifyConfig } from "./config";
import { insertMessages } from "./insert-messages";
import { endpointRow, factsOf } from "./endpoint-rows";
import { wantsDigest } from "./filter";
import { newMessageId, TASK } from "./jobs";

export type TFolded = { endpointId: string; kind: string; severity: string };

type TCounts = { count: number; byKind: Record<string, number>; bySeverity: Record<string, number> };

function tally(items: TFolded[]): Map<string, TCounts> {
  const by = new Map<string, TCounts>();
  for (const f of items) {
    const t = by.get(f.endpointId) ?? { count: 0, byKind: {}, bySeverity: {} };
    t.count++;
    t.byKind[f.kind] = (t.byKind[f.kind] ?? 0) + 1;
    t.bySeverity[f.severity] = (t.bySeverity[f.severity] ?? 0) + 1;
    by.set(f.endpointId, t);
  }
  return by;
}

function merge(a: Record<string, number>, b: Record<string, number>) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Adds what this minute's limit folded, and (once per endpoint and minute) the job that sends it. */
export async function addToDigests(tx: TTx, minute: Date, folded: TFolded[]): Promise<void> {
  for (const [endpointId, t] of tally(folded)) {
    const [prior] = await tx.$queryRaw<{ count: number; by_kind: Record<string, number>; by_severity: Record<string, number> }[]>`
      select count, by_kind, by_severity from notification_digest where endpoint_id = ${endpointId} and minute = ${minute} for update`;
    const next = prior ? { count: prior.count + t.count, byKind: merge(prior.by_kind, t.byKind), bySeverity: merge(prior.by_severity, t.bySeverity) } : t;
    await tx.$executeRaw`
      insert into notification_digest (endpoint_id, minute, count, by_kind, by_severity) values (${endpointId}, ${minute}, ${next.count}, ${JSON.stringify(next.byKind)}::jsonb, ${JSON.stringify(next.bySeverity)}::jsonb)
      on conflict (endpoint_id, minute) do update set count = excluded.count, by_kind = excluded.by_kind, by_severity = excluded.by_severity`;
    if (!prior) await scheduleDigest(tx, endpointId, minute);
  }
}

export async function scheduleDigest(tx: TTx, endpointId: string, minute: Date): Promise<void> {
  await enqueueJob(tx, TASK.digest, { endpointId, minute: minute.toISOString() }, { jobKey: `${TASK.digest}:${endpointId}:${minute.getTime()}`, runAt: new Date(minute.getTime() + 60_000), maxAttempts: 5 });
}

/** Sends one endpoint's digest for one minute (the notify_digest task), once. */
export async function sendDigest(endpointId: string, minute: Date, opts: { config?: TNotifyConfig } = {}): Promise<boolean> {
  const config = opts.config ?? notifyConfig();
  return db.$transaction(async (tx) => {
    const [d] = await tx.$queryRaw<{ count: number; by_kind: Record<string, number>; by_severity: Record<string, number> }[]>`
      select count, by_kind, by_severity from notification_digest where endpoint_id = ${endpointId} and minute = ${minute} and sent_at is null for update`;
    if (!d) return false;
    await tx.$executeRaw`update notification_digest set sent_at = now() where endpoint_id = ${endpointId} and minute = ${minute}`;
    const endpoint = await endpointRow(tx, endpointId);
    if (!endpoint || !wantsDigest(factsOf(endpoint)) || d.count === 0) return false;
    const to = new Date(minute.getTime() + 60_000);
    const payload = {
      type: "exception.digest",
      timestamp: to.toISOString(),
      data: { count: d.count, byKind: d.by_kind, bySeverity: d.by_severity, from: minute.toISOString(), to: to.toISOString(), url: `${config.publicUrl}/exceptions` },
    };
    await insertMessages(tx, [{ id: newMessageId(), endpoint_id: endpointId, to_address: null, type: "exception.digest", group_id: null, payload }]);
    return true;
  });
}
