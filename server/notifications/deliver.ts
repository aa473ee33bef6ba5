// The deliverer (the notify_deliver task): for one endpoint, claims its due messages under a lease,
// sends them concurrently, and records every attempt, each message's next state and the endpoint's
// health in one transaction per round. A crash mid-round leaves leases that simply run out: the
// messages go again with the same id (a receiver may see one twice, never lose one).
import { db, type TTx } from "@/server/db";
import { notifyConfig, type TNotifyConfig } from "./config";
import { endpointRow, type TEndpointRow } from "./endpoint-rows";
import { applyHealth } from "./health";
import { kickDelivery, scheduleDelivery } from "./jobs";
import type { TPayload } from "./render";
import { afterAttempt } from "./retry";
import { send, type TSendResult } from "./transports";

/** Messages in flight at once per endpoint (one round). */
export const ROUND_SIZE = 64;
/** Longer than a round can take (every attempt is cut off at 15 s). */
const LEASE_SECONDS = 45;

type TClaimed = { id: string; type: string; payload: TPayload; retry_step: number; to_address: string | null };

async function claim(endpointId: string | null): Promise<TClaimed[]> {
  const which = endpointId === null ? db.$queryRaw<TClaimed[]>`
      update notification_message set leased_until = now() + make_interval(secs => ${LEASE_SECONDS})
      where id = any(array(select id from notification_message where endpoint_id is null and status in ('pending', 'retrying') and next_attempt_at <= now()
                     and (leased_until is null or leased_until < now()) order by next_attempt_at, id limit ${ROUND_SIZE} for update skip locked))
      returning id, type, payload, retry_step, to_address` : db.$queryRaw<TClaimed[]>`
      update notification_message set leased_until = now() + make_interval(secs => ${LEASE_SECONDS})
      where id = any(array(select id from notification_message where endpoint_id = ${endpointId} and status in ('pending', 'retrying') and next_attempt_at <= now()
                     and (leased_until is null or leased_until < now()) order by next_attempt_at, id limit ${ROUND_SIZE} for update skip locked))
      returning id, type, payload, retry_step, to_address`;
  return which;
}

const DISABLED: TSendResult = { statusCode: null, responseBody: null, retryAfterSeconds: null, error: "the endpoint is disabled", durationMs: 0, isDelivered: false, isGone: false };

/** Whether this round changes what the endpoint's health says (most rounds of a healthy endpoint do not). */
function changesHealth(endpoint: TEndpointRow, results: TSendResult[], now: Date): boolean {
  const attempted = results.filter((r) => r !== DISABLED);
  if (attempted.length === 0) return false;
  const isAllDelivered = attempted.every((r) => r.isDelivered);
  const isFreshSuccess = !!endpoint.last_success_at && now.getTime() - endpoint.last_success_at.getTime() < 60_000;
  return !(isAllDelivered && !endpoint.failing_since && isFreshSuccess);
}

async function record(endpoint: TEndpointRow | null, batch: TClaimed[], results: TSendResult[], config: TNotifyConfig) {
  const now = new Date();
  const next = batch.map((m, i) =>
    results[i] === DISABLED ? { status: "failed" as const, retryStep: m.retry_step, nextAttemptAt: null } : afterAttempt(results[i]!, m.retry_step, config.retrySeconds, now),
  );
  // every attempt and each message's next state, in one statement
  const write = (tx: TTx) => tx.$executeRaw`
    with u as (
      select * from unnest(${batch.map((m) => m.id)}::text[], ${next.map((n) => n.status)}::text[], ${next.map((n) => n.retryStep)}::int[],
                           ${results.map((r) => (r === DISABLED ? 0 : 1))}::int[], ${results.map((r) => r.statusCode)}::int[], ${results.map((r) => r.error)}::text[],
                           ${next.map((n) => n.nextAttemptAt?.toISOString() ?? null)}::timestamptz[],
                           ${results.map((r) => new Date(now.getTime() - r.durationMs).toISOString())}::timestamptz[], ${results.map((r) => r.durationMs)}::int[],
                           ${results.map((r) => r.responseBody)}::text[])
        as u(id, status, retry_step, tried, status_code, error, next_at, at, duration_ms, response_body)),
    attempts as (
      insert into notification_attempt (message_id, at, status_code, duration_ms, error, response_body)
      select id, at, status_code, duration_ms, error, response_body from u where tried = 1)
    update notification_message m set status = u.status, retry_step = u.retry_step, attempts = m.attempts + u.tried,
      last_status_code = case when u.tried = 1 then u.status_code else m.last_status_code end, last_error = u.error,
      next_attempt_at = u.next_at, delivered_at = case when u.status = 'delivered' then now() else m.delivered_at end, leased_until = null
    from u where m.id = u.id`;
  const wakeUps = [...new Set(next.filter((n) => n.nextAttemptAt).map((n) => Math.ceil(n.nextAttemptAt!.getTime() / 1000)))];
  if (!endpoint || !changesHealth(endpoint, results, now)) {
    await write(db);
    for (const second of wakeUps) await scheduleDelivery(db, endpoint?.id ?? null, new Date(second * 1000));
    return;
  }
  const attempted = results.filter((r) => r !== DISABLED);
  await db.$transaction(
    async (tx) => {
      await write(tx);
      await applyHealth(
        tx,
        endpoint,
        {
          anyDelivered: attempted.some((r) => r.isDelivered),
          anyFailed: attempted.some((r) => !r.isDelivered),
          isGone: attempted.some((r) => r.isGone),
          lastError: attempted.find((r) => !r.isDelivered)?.error ?? null,
          lastStatusCode: attempted.find((r) => !r.isDelivered)?.statusCode ?? null,
        },
        config,
      );
      for (const second of wakeUps) await scheduleDelivery(tx, endpoint.id, new Date(second * 1000));
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

export type TDeliverResult = { attempted: number; delivered: number; isMore: boolean };

/** Delivers what is due for one endpoint (null: assignees' emails) until none is, or the budget is spent. */
export async function deliverDue(endpointId: string | null, opts: { config?: TNotifyConfig; budgetMs?: number } = {}): Promise<TDeliverResult> {
  const config = opts.config ?? notifyConfig();
  const started = Date.now();
  const total: TDeliverResult = { attempted: 0, delivered: 0, isMore: false };
  for (;;) {
    const batch = await claim(endpointId);
    if (batch.length === 0) return total;
    const endpoint = endpointId === null ? null : await endpointRow(db, endpointId);
    if (endpointId !== null && !endpoint) return total;
    const results = await Promise.all(
      batch.map((m) => (endpoint && !endpoint.enabled && m.type !== "notification.test" ? DISABLED : send({ id: m.id, payload: m.payload, toAddress: m.to_address }, endpoint, config))),
    );
    await record(endpoint, batch, results, config);
    total.attempted += results.filter((r) => r !== DISABLED).length;
    total.delivered += results.filter((r) => r.isDelivered).length;
    if (Date.now() - started > (opts.budgetMs ?? 20_000)) {
      // the rest in a fresh job, so other endpoints' jobs get their turn
      await kickDelivery(db, [endpointId]);
      return { ...total, isMore: true };
    }
  }
}
