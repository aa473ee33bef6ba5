// Noise control (DESIGN.md "Notifications → Noise"), as pure decisions the dispatcher applies to
// each transition of the outbox, in order: the hold, one message per group per transition, the
// silent connector's mute on stale feeds, and flap damping.
import type { TExceptionKind, TExceptionState } from "@/server/exceptions/kinds";
import type { TExceptionMessageType } from "./notifications.types";

export const FLAP_REOPENINGS = 3;
export const FLAP_WINDOW_SECONDS = 3600;

export type TTransition = {
  type: TExceptionMessageType;
  isReopen: boolean;
  /** a reopening: how long the group had stayed resolved */
  resolvedForSeconds: number | null;
};

export type TGroupNow = { kind: TExceptionKind; state: TExceptionState };

export type TGroupNoise = {
  /** its current opening was sent (a resolution is only sent after its opening was) */
  isAnnounced: boolean;
  lastSentAt: Date | null;
  dampedSince: Date | null;
};

export type TContext = {
  now: Date;
  group: TGroupNow | null;
  noise: TGroupNoise;
  /** a later transition of the same type for this group is in the outbox: this one is stale */
  isSuperseded: boolean;
  /** reopenings of this group within the last hour, this one included */
  reopeningsInWindow: number;
  /** stale_feed: a silent_connector group is open for a connector of this channel */
  isMutedBySilentConnector: boolean;
};

export type TSkipReason =
  | "group_gone"
  | "superseded"
  | "healed_within_hold"
  | "already_announced"
  | "never_announced"
  | "muted_by_silent_connector"
  | "flap_damped";

export type TDecision = { send: true; noise: TGroupNoise } | { send: false; reason: TSkipReason; noise: TGroupNoise };

export function decide(t: TTransition, c: TContext): TDecision {
  let noise = { ...c.noise };
  const skip = (reason: TSkipReason): TDecision => ({ send: false, reason, noise });
  if (!c.group) return skip("group_gone");
  // a later transition of the same type says it all (and this one changes nothing the receiver knows)
  if (c.isSuperseded) return skip("superseded");
  const wasAnnounced = noise.isAnnounced;
  if (t.type === "exception.resolved") noise.isAnnounced = false;
  if (t.type === "exception.opened") {
    if (c.group.state === "resolved") return skip("healed_within_hold");
    if (c.noise.isAnnounced) return skip("already_announced");
  }
  // a resolution only follows an opening the receiver heard of (one held and healed was never sent)
  if (t.type === "exception.resolved" && !wasAnnounced) return skip("never_announced");
  if (c.group.kind === "stale_feed" && c.isMutedBySilentConnector) return skip("muted_by_silent_connector");
  // damping ends once the group stayed resolved for the window; starts at the Nth reopening within it
  if (t.isReopen && (t.resolvedForSeconds ?? 0) >= FLAP_WINDOW_SECONDS) noise.dampedSince = null;
  if (t.type === "exception.opened" && t.isReopen && c.reopeningsInWindow >= FLAP_REOPENINGS && !noise.dampedSince) noise.dampedSince = c.now;
  if (noise.dampedSince && noise.lastSentAt && c.now.getTime() - noise.lastSentAt.getTime() < FLAP_WINDOW_SECONDS * 1000) return skip("flap_damped");
  noise = { ...noise, lastSentAt: c.now, isAnnounced: t.type === "exception.opened" ? true : noise.isAnnounced };
  return { send: true, noise };
}
