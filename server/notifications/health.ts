// An endpoint's health after a round of attempts: a delivery makes it healthy (and resolves its
// notification_failing group); failures only make it failing (the group opens and stays open); a
// 410, or nothing but failures for SIGHTLINE_NOTIFY_DISABLE_AFTER_HOURS, disables it.
import { recordAudit } from "@/server/audit/audit";
import type { TTx } from "@/server/db";
import { fingerprint } from "@/server/exceptions/kinds";
import { markCleared, raiseOccurrences, resolveAutomatically, SYSTEM_ACTOR } from "@/server/exceptions/raise";
import type { TNotifyConfig } from "./config";
import type { TEndpointRow } from "./endpoint-rows";

export type TRoundHealth = { anyDelivered: boolean; anyFailed: boolean; isGone: boolean; lastError: string | null; lastStatusCode: number | null };

/** Resolves the endpoint's notification_failing group, if one is open (or clears a person's resolution of it). */
export async function clearFailing(tx: TTx, endpointId: string, reason: string): Promise<void> {
  const [g] = await tx.$queryRaw<{ id: number; state: string; awaiting_clear: boolean }[]>`
    select id, state, awaiting_clear from exception_group where fingerprint = ${fingerprint("notification_failing", { value: endpointId })}`;
  if (!g) return;
  if (g.state !== "resolved") await resolveAutomatically(tx, [{ id: g.id, reason }]);
  else if (g.awaiting_clear) await markCleared(tx, [g.id]);
}

async function disable(tx: TTx, endpoint: TEndpointRow, reason: string) {
  await tx.$executeRaw`update notification_endpoint set enabled = false, disabled_reason = ${reason}, updated_at = now() where id = ${endpoint.id}`;
  await recordAudit(tx, { actorEmail: SYSTEM_ACTOR, action: "notification.endpoint.disable", targetType: "notification_endpoint", targetId: endpoint.id, reason, details: { automatic: true } });
}

export async function applyHealth(tx: TTx, endpoint: TEndpointRow, round: TRoundHealth, config: TNotifyConfig): Promise<void> {
  if (round.anyDelivered) {
    await tx.$executeRaw`update notification_endpoint set last_success_at = now(), failing_since = null where id = ${endpoint.id}`;
    await clearFailing(tx, endpoint.id, "a delivery to the endpoint succeeded");
  } else if (round.anyFailed) {
    const [row] = await tx.$queryRaw<{ failing_since: Date; hours: number }[]>`
      update notification_endpoint set last_failure_at = now(), failing_since = coalesce(failing_since, now()) where id = ${endpoint.id}
      returning failing_since, extract(epoch from now() - failing_since) / 3600 as hours`;
    await raiseOccurrences(tx, [
      {
        kind: "notification_failing",
        scope: { value: endpoint.id },
        mode: "condition",
        details: {
          endpoint: endpoint.id,
          description: endpoint.description,
          target: endpoint.url ?? (endpoint.to_addresses ?? []).join(", "),
          lastError: round.lastError,
          lastStatusCode: round.lastStatusCode,
          failingSince: row?.failing_since.toISOString(),
        },
      },
    ]);
    if (endpoint.enabled && !round.isGone && row && row.hours >= config.disableAfterHours) {
      await disable(tx, endpoint, `every attempt failed for ${config.disableAfterHours} h`);
    }
  }
  if (round.isGone && endpoint.enabled) await disable(tx, endpoint, "the receiver answered 410 Gone");
}

/** Endpoints that have failed for longer than allowed with no attempt since (the sweep disables them). */
export async function disableLongFailing(tx: TTx, config: TNotifyConfig): Promise<number> {
  const rows = await tx.$queryRaw<TEndpointRow[]>`
    select * from notification_endpoint where enabled and failing_since < now() - make_interval(secs => ${config.disableAfterHours * 3600}) for update skip locked`;
  for (const e of rows) await disable(tx, e, `every attempt failed for ${config.disableAfterHours} h`);
  return rows.length;
}
