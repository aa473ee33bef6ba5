// Reading endpoints as the workers need them (filters parsed, secrets opened when asked).
import type { TTx } from "@/server/db";
import { openSecret } from "@/server/lib/crypto";
import type { TEndpointFacts } from "./filter";
import { ZEndpointFilter, type TEndpointFilter, type TEndpointKind } from "./notifications.types";

export type TEndpointRow = {
  id: string;
  kind: TEndpointKind;
  url: string | null;
  to_addresses: string[] | null;
  description: string;
  event_types: string[];
  filter: unknown;
  enabled: boolean;
  muted_until: Date | null;
  rate_limit_per_minute: number;
  secret_enc: string | null;
  previous_secret_enc: string | null;
  previous_secret_until: Date | null;
  failing_since: Date | null;
  last_success_at: Date | null;
  last_failure_at: Date | null;
  disabled_reason: string | null;
  is_demo: boolean;
  created_at: Date;
};

export function filterOf(raw: unknown): TEndpointFilter {
  const parsed = ZEndpointFilter.safeParse(raw ?? {});
  return parsed.success ? parsed.data : {};
}

export function factsOf(e: TEndpointRow): TEndpointFacts & { rateLimitPerMinute: number } {
  return { id: e.id, eventTypes: e.event_types, filter: filterOf(e.filter), rateLimitPerMinute: e.rate_limit_per_minute };
}

/** Endpoints that take new messages now: enabled and not muted. */
export async function liveEndpoints(tx: TTx): Promise<TEndpointRow[]> {
  return tx.$queryRaw<TEndpointRow[]>`
    select * from notification_endpoint where enabled and (muted_until is null or muted_until <= now()) order by created_at, id`;
}

export async function endpointRow(tx: TTx, id: string): Promise<TEndpointRow | null> {
  const [row] = await tx.$queryRaw<TEndpointRow[]>`select * from notification_endpoint where id = ${id}`;
  return row ?? null;
}

/** The secrets that sign now: the current one, and the previous one during its grace time. */
export function signingSecrets(e: TEndpointRow, now = new Date()): string[] {
  const secrets = e.secret_enc ? [openSecret(e.secret_enc)] : [];
  if (e.previous_secret_enc && e.previous_secret_until && e.previous_secret_until > now) secrets.push(openSecret(e.previous_secret_enc));
  return secrets;
}
