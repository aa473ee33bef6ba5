"use client";
import Link from "next/link";
import { EventStatus, Lag, LANES, laneOf, Reasons } from "@/components/drift/event-bits";
import { formatDateTime, formatDuration, formatNumber } from "@/components/ui/format";
import type { TEventRow } from "@/server/events/events.types";

function offset(from: string | null, at: string | null) {
  if (!from || !at) return "";
  const s = Math.round((Date.parse(at) - Date.parse(from)) / 1000);
  return s === 0 ? "start" : `+${formatDuration(s)}`;
}

/** Seconds since the trace's previous event (by occurredAt): the lag between one system's step and the next. */
export function stepLags(events: TEventRow[]): Map<number, number | null> {
  const lags = new Map<number, number | null>();
  let previous: string | null = null;
  for (const e of events) {
    lags.set(e.id, previous && e.occurredAt ? Math.round((Date.parse(e.occurredAt) - Date.parse(previous)) / 1000) : null);
    if (e.occurredAt) previous = e.occurredAt;
  }
  return lags;
}

function EventCard({ e, start, stepLag, isFollowUp }: { e: TEventRow; start: string | null; stepLag: number | null | undefined; isFollowUp?: boolean }) {
  return (
    <div className={`rounded-md border px-2.5 py-1.5 text-xs shadow-sm ${isFollowUp ? "border-dashed border-brand-500 bg-brand-50" : "border-slate-200 bg-white"}`} data-testid="trace-event">
      {isFollowUp && <div className="mb-0.5 text-[10px] font-semibold uppercase tracking-wide text-brand-700">channel caught up</div>}
      <div className="flex items-center justify-between gap-2">
        <span className="font-mono font-semibold text-slate-800">{e.type ?? "unparsed"}</span>
        <EventStatus status={e.status} />
      </div>
      <div className="mt-0.5 text-slate-600">
        {e.connector}
        {e.sku && (
          <>
            {" · "}
            <Link prefetch={false} href={`/skus/${encodeURIComponent(e.sku)}`} className="font-mono text-brand-700 hover:underline">
              {e.sku}
            </Link>
          </>
        )}
        {[e.location, e.channel].filter(Boolean).map((x) => ` · ${x}`)}
        {e.quantity !== null && <> · qty {formatNumber(e.quantity)}</>}
      </div>
      <div className="mt-0.5 flex flex-wrap gap-x-2 text-slate-500">
        <span className="font-mono">{formatDateTime(e.occurredAt)}</span>
        <span>{offset(start, e.occurredAt)}</span>
        {stepLag != null && !isFollowUp && (
          <span className="tabular-nums" title="since the previous step (occurredAt)">
            {stepLag <= 0 ? "same time as the step before" : `${formatDuration(stepLag)} after the step before`}
          </span>
        )}
        <span title="receivedAt − occurredAt">
          arrived <Lag seconds={e.lagSeconds} />
        </span>
      </div>
      <Reasons reasons={e.reasons} flags={e.flags} />
    </div>
  );
}

/** Events of one trace in lanes (ERP, WMS, OMS, channels) on one time axis, each with the lag from the step before. */
export function TraceLanes({ events, followUps = [] }: { events: TEventRow[]; followUps?: TEventRow[] }) {
  const followUpIds = new Set(followUps.map((e) => e.id));
  const all = [...events, ...followUps].sort((a, b) => (a.occurredAt ?? "~").localeCompare(b.occurredAt ?? "~") || a.id - b.id);
  const lanes = LANES.filter((l) => all.some((e) => laneOf(e.connectorKind, e.type) === l));
  const start = events.find((e) => e.occurredAt)?.occurredAt ?? null;
  const lags = stepLags(events);
  return (
    <div className="overflow-x-auto">
      <table className="w-full table-fixed border-separate border-spacing-x-2 border-spacing-y-1.5" aria-label="Trace lanes">
        <thead>
          <tr>
            {lanes.map((l) => (
              <th key={l} scope="col" className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {all.map((e) => (
            <tr key={e.id}>
              {lanes.map((l) => (
                <td key={l} className="border-l-2 border-slate-100 align-top">
                  {laneOf(e.connectorKind, e.type) === l && <EventCard e={e} start={start} stepLag={lags.get(e.id)} isFollowUp={followUpIds.has(e.id)} />}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export { offset as traceOffset };
