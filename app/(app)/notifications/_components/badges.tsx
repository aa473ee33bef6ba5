"use client";
import { Badge, type TTone } from "@/components/ui/badge";
import type { TEndpoint, TMessageStatus } from "@/server/notifications/notifications.types";

const STATUS_TONE: Record<TEndpoint["status"], TTone> = { healthy: "good", failing: "bad", disabled: "neutral" };
const MESSAGE_TONE: Record<TMessageStatus, TTone> = { pending: "info", delivered: "good", retrying: "warn", failed: "bad" };

export function EndpointStatusBadge({ status }: { status: TEndpoint["status"] }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
}

export function MessageStatusBadge({ status }: { status: TMessageStatus }) {
  return <Badge tone={MESSAGE_TONE[status]}>{status}</Badge>;
}

export const KIND_LABEL: Record<TEndpoint["kind"], string> = { webhook: "Webhook", slack: "Slack", email: "Email" };

/** What an endpoint is called on screen: its description, else where it points. */
export function endpointName(e: Pick<TEndpoint, "description" | "url" | "to" | "kind">): string {
  return e.description || e.url || e.to?.join(", ") || KIND_LABEL[e.kind];
}
