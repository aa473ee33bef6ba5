import { Badge, type TTone } from "@/components/ui/badge";
import { formatDuration } from "@/components/ui/format";

const STATUS_TONE: Record<string, TTone> = { accepted: "good", held: "warn", rejected: "bad" };

export function EventStatus({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "neutral"}>{status}</Badge>;
}

/** How long after it happened the event reached Sightline (receivedAt − occurredAt). */
export function Lag({ seconds }: { seconds: number | null }) {
  if (seconds === null) return <span className="text-slate-400">—</span>;
  const tone = seconds > 900 ? "text-red-700" : seconds > 60 ? "text-amber-700" : "text-slate-500";
  return <span className={`tabular-nums ${tone}`} title="receivedAt − occurredAt">{seconds < 0 ? "early" : `+${formatDuration(seconds)}`}</span>;
}

type TReason = { code: string; message: string; field?: string; value?: string };

export function Reasons({ reasons, flags }: { reasons?: TReason[]; flags?: Record<string, unknown> | null }) {
  const flagNames = Object.entries(flags ?? {})
    .filter(([, v]) => v)
    .map(([k, v]) => (v === true ? k : `${k}: ${String(v)}`));
  if (!reasons?.length && flagNames.length === 0) return null;
  return (
    <div className="space-y-0.5 text-xs">
      {reasons?.map((r, i) => (
        <div key={i} className="text-red-700">
          <span className="font-mono">{r.code}</span> {r.message}
        </div>
      ))}
      {flagNames.map((f) => (
        <div key={f} className="text-amber-700">{f}</div>
      ))}
    </div>
  );
}

/** The lane of a trace an event belongs to: channel events in Channels, others by their source's kind. */
export function laneOf(connectorKind: string, type?: string | null): string {
  if (type?.startsWith("channel.")) return "Channels";
  if (connectorKind === "erp") return "ERP";
  if (connectorKind === "wms" || connectorKind === "3pl") return "WMS / 3PL";
  if (connectorKind === "oms") return "OMS / CRM";
  return "Channels";
}
export const LANES = ["ERP", "WMS / 3PL", "OMS / CRM", "Channels"];
