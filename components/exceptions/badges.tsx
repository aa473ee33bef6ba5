"use client";
import Link from "next/link";
import { Badge, type TTone } from "@/components/ui/badge";
import type { TExceptionState, TSeverity } from "@/server/exceptions/kinds";

const SEVERITY_TONE: Record<TSeverity, TTone> = { critical: "critical", high: "bad", medium: "warn", low: "neutral" };
const STATE_TONE: Record<TExceptionState, TTone> = { open: "bad", acknowledged: "info", snoozed: "neutral", resolved: "good" };

export function SeverityBadge({ severity }: { severity: TSeverity }) {
  return <Badge tone={SEVERITY_TONE[severity]}>{severity}</Badge>;
}

export function StateBadge({ state, resolution }: { state: TExceptionState; resolution?: "auto" | "user" | null }) {
  return (
    <Badge tone={STATE_TONE[state]}>
      {state}
      {state === "resolved" && resolution ? ` · ${resolution === "auto" ? "auto" : "by a person"}` : ""}
    </Badge>
  );
}

export type TScope = { sku?: string; location?: string; channel?: string; connector?: string; orderRef?: string; messageRef?: string; endpoint?: string };

/** A group's scope as codes; a SKU always links to its page. */
export function ScopeCodes({ scope, isUnknownSku }: { scope: TScope; isUnknownSku?: boolean }) {
  const parts: React.ReactNode[] = [];
  if (scope.sku) {
    parts.push(
      isUnknownSku ? (
        <span key="sku" className="font-mono text-xs" title="Not in the catalogue">
          {scope.sku} <span className="text-slate-400">(unknown)</span>
        </span>
      ) : (
        <Link key="sku" prefetch={false} href={`/skus/${encodeURIComponent(scope.sku)}`} className="font-mono text-xs text-brand-700 hover:underline" onClick={(e) => e.stopPropagation()}>
          {scope.sku}
        </Link>
      ),
    );
  }
  for (const key of ["location", "channel", "connector"] as const) {
    const value = scope[key];
    if (value) {
      parts.push(
        <span key={key} className="font-mono text-xs text-slate-600">
          <span className="text-slate-400">{key === "connector" ? "via " : key === "channel" ? "on " : "at "}</span>
          {value}
        </span>,
      );
    }
  }
  if (scope.endpoint) {
    parts.push(
      <Link key="endpoint" prefetch={false} href={`/notifications?endpoint=${encodeURIComponent(scope.endpoint)}`} className="font-mono text-xs text-brand-700 hover:underline" onClick={(e) => e.stopPropagation()}>
        <span className="text-slate-400">endpoint </span>
        {scope.endpoint}
      </Link>,
    );
  }
  if (scope.orderRef) {
    parts.push(
      scope.channel ? (
        <Link key="order" prefetch={false} href={`/orders/${encodeURIComponent(scope.channel)}/${encodeURIComponent(scope.orderRef)}`} className="font-mono text-xs text-brand-700 hover:underline" onClick={(e) => e.stopPropagation()}>
          <span className="text-slate-400">order </span>
          {scope.orderRef}
        </Link>
      ) : (
        <span key="order" className="font-mono text-xs text-slate-600">
          <span className="text-slate-400">order </span>
          {scope.orderRef}
        </span>
      ),
    );
  }
  if (scope.messageRef) {
    parts.push(
      <span key="message" className="font-mono text-xs text-slate-600">
        <span className="text-slate-400">message </span>
        {scope.messageRef}
      </span>,
    );
  }
  return <span className="space-x-2">{parts.length ? parts : <span className="text-slate-400">—</span>}</span>;
}
