// Which endpoints a message goes to: its type among the endpoint's eventTypes, and for exception
// messages the endpoint's filter (kinds, least severity, channels, locations, connectors).
import { SEVERITY_RANK, type TExceptionKind, type TSeverity } from "@/server/exceptions/kinds";
import type { TEndpointFilter, TMessageType } from "./notifications.types";

export type TGroupFacts = { kind: TExceptionKind; severity: TSeverity; scope: { channel?: string; location?: string; connector?: string; endpoint?: string } };

export type TEndpointFacts = { id: string; eventTypes: readonly string[]; filter: TEndpointFilter };

/** A dimension the filter names must be one the group has, with one of the listed values. */
export function matchesGroup(filter: TEndpointFilter, g: TGroupFacts): boolean {
  if (filter.kinds?.length && !filter.kinds.includes(g.kind)) return false;
  if (filter.minSeverity && SEVERITY_RANK[g.severity] < SEVERITY_RANK[filter.minSeverity]) return false;
  if (filter.channels?.length && !(g.scope.channel && filter.channels.includes(g.scope.channel))) return false;
  if (filter.locations?.length && !(g.scope.location && filter.locations.includes(g.scope.location))) return false;
  if (filter.connectors?.length && !(g.scope.connector && filter.connectors.includes(g.scope.connector))) return false;
  return true;
}

/** Should this endpoint get an exception message about this group? (Never one about its own failing.) */
export function wantsException(e: TEndpointFacts, type: TMessageType, g: TGroupFacts): boolean {
  if (!e.eventTypes.includes(type)) return false;
  if (g.kind === "notification_failing" && g.scope.endpoint === e.id) return false;
  return matchesGroup(e.filter, g);
}

export function wantsAvailability(e: TEndpointFacts, channel: string): boolean {
  return e.eventTypes.includes("availability.changed") && (!e.filter.channels?.length || e.filter.channels.includes(channel));
}

/** A digest goes to an endpoint whose limit folded exception messages, if it wants any exception message. */
export function wantsDigest(e: TEndpointFacts): boolean {
  return e.eventTypes.some((t) => t.startsWith("exception."));
}
