"use client";
import Link from "next/link";
import { Badge, type TTone } from "@/components/ui/badge";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import type { TEffect, TPlanEvent, TPlanStatus, TReplayPlanContract } from "@/server/replay/replay.types";

const FIELD_LABEL: Record<TEffect["field"], string> = {
  onHand: "On hand",
  reserved: "Reserved",
  allocated: "Allocated",
  inTransit: "In transit",
  damaged: "Damaged",
  quarantine: "Quarantine",
  target: "Target",
};

const STATUS_TONE: Record<TPlanStatus, TTone> = { planned: "info", applying: "warn", applied: "good", cancelled: "neutral", failed: "bad" };

export function PlanStatusBadge({ status }: { status: TPlanStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
}

export function SkuLink({ code }: { code: string }) {
  return (
    <Link prefetch={false} href={`/skus/${encodeURIComponent(code)}`} className="font-mono text-xs text-brand-700 hover:underline">
      {code}
    </Link>
  );
}

function Delta({ before, after }: { before: number; after: number }) {
  const d = after - before;
  return <span className={d > 0 ? "text-emerald-700" : d < 0 ? "text-red-700" : "text-slate-400"}>{d > 0 ? `+${formatNumber(d)}` : formatNumber(d)}</span>;
}

function Count({ label, value, tone, hint }: { label: string; value: number; tone?: "good" | "warn" | "bad"; hint?: string }) {
  const color = tone === "good" ? "text-emerald-700" : tone === "warn" ? "text-amber-700" : tone === "bad" ? "text-red-700" : "text-slate-900";
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2" title={hint}>
      <div className="text-[11px] font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className={`text-lg font-semibold tabular-nums ${color}`}>{formatNumber(value)}</div>
    </div>
  );
}

/** The plan's counts: what would apply, be skipped, still fail, and what is stale (or, for a result, what did). */
export function PlanCounts({ plan, isResult }: { plan: Pick<TReplayPlanContract, "events" | "wouldApply" | "wouldSkip" | "wouldFail" | "stale" | "alsoReleased">; isResult?: boolean }) {
  return (
    <div className="grid grid-cols-2 gap-2 sm:grid-cols-5" data-testid={isResult ? "result-counts" : "plan-counts"}>
      <Count label="Events" value={plan.events} />
      <Count label={isResult ? "Applied" : "Would apply"} value={plan.wouldApply} tone={plan.wouldApply ? "good" : undefined} />
      <Count label={isResult ? "Skipped" : "Would skip"} value={plan.wouldSkip} hint="already accepted: applying them again would count them twice" />
      <Count label="Still failing" value={plan.wouldFail} tone={plan.wouldFail ? "bad" : undefined} />
      <Count label="Stale" value={plan.stale} tone={plan.stale ? "warn" : undefined} hint="occurred before the latest snapshot of their position" />
      {plan.alsoReleased > 0 && (
        <p className="col-span-full text-xs text-slate-600">
          Plus {formatNumber(plan.alsoReleased)} held event{plan.alsoReleased === 1 ? "" : "s"} behind a sequence gap these events fill, released with them{isResult ? "" : " (included in the effects below)"}.
        </p>
      )}
    </div>
  );
}

/** Book before → after per SKU × location (one row per changed field). */
export function BookEffects({ effects, limit = 200 }: { effects: TEffect[]; limit?: number }) {
  const rows = effects.filter((e) => e.field !== "target");
  if (rows.length === 0) return <p className="text-sm text-slate-500">No book changes.</p>;
  const shown = rows.slice(0, limit);
  return (
    <>
      <Table aria-label="Book before and after">
        <thead>
          <tr>
            <Th>SKU</Th>
            <Th>Location</Th>
            <Th>Field</Th>
            <Th align="right">Before</Th>
            <Th align="right">After</Th>
            <Th align="right">Change</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {shown.map((e, i) => {
            const isFirst = i === 0 || shown[i - 1]!.sku !== e.sku || shown[i - 1]!.location !== e.location;
            return (
              <tr key={`${e.sku}:${e.location}:${e.field}`} data-testid="book-effect">
                <Td>{isFirst ? <SkuLink code={e.sku} /> : null}</Td>
                <Td className="font-mono text-xs">{isFirst ? e.location : ""}</Td>
                <Td className="text-xs">{FIELD_LABEL[e.field]}</Td>
                <Td align="right">{formatNumber(e.before)}</Td>
                <Td align="right" className="font-medium text-slate-900">
                  {formatNumber(e.after)}
                </Td>
                <Td align="right">
                  <Delta before={e.before} after={e.after} />
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      {rows.length > limit && <p className="mt-1 text-xs text-slate-500">… and {formatNumber(rows.length - limit)} more changed fields (all on the run page).</p>}
    </>
  );
}

/** Target before → after per SKU × channel. */
export function TargetEffects({ effects, limit = 200 }: { effects: TEffect[]; limit?: number }) {
  const rows = effects.filter((e) => e.field === "target");
  if (rows.length === 0) return <p className="text-sm text-slate-500">No channel target changes.</p>;
  return (
    <Table aria-label="Targets before and after">
      <thead>
        <tr>
          <Th>SKU</Th>
          <Th>Channel</Th>
          <Th align="right">Target before</Th>
          <Th align="right">Target after</Th>
          <Th align="right">Change</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.slice(0, limit).map((e) => (
          <tr key={`${e.sku}:${e.channel}`} data-testid="target-effect">
            <Td>
              <SkuLink code={e.sku} />
            </Td>
            <Td className="font-mono text-xs">{e.channel}</Td>
            <Td align="right">{formatNumber(e.before)}</Td>
            <Td align="right" className="font-medium text-slate-900">
              {formatNumber(e.after)}
            </Td>
            <Td align="right">
              <Delta before={e.before} after={e.after} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Events the preview calls out: still failing (with their reasons) or stale. */
export function PlanEventList({ events, total, kind }: { events: TPlanEvent[]; total: number; kind: "failing" | "stale" }) {
  if (total === 0) return null;
  return (
    <div>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-xs" aria-label={kind === "failing" ? "Still failing events" : "Stale events"}>
        {events.map((e) => (
          <li key={e.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-3 py-1.5">
            <span className="font-mono text-slate-500">#{e.id}</span>
            <span className="font-mono">{e.eventId ?? "—"}</span>
            <span>{e.type ?? "—"}</span>
            <span className="font-mono">{kind === "stale" && e.sku ? <SkuLink code={e.sku} /> : (e.sku ?? "—")}</span>
            <span className="font-mono text-slate-600">{e.location ?? ""}</span>
            <span className="text-slate-500">{formatDateTime(e.occurredAt)}</span>
            <span className="text-slate-500">via {e.connector}</span>
            {kind === "failing" ? (
              <span className="basis-full text-red-700">{e.reasons?.map((r) => `${r.code}: ${r.message}`).join("; ")}</span>
            ) : (
              <span className="basis-full text-amber-800">occurred before the latest snapshot of this position: accepted, but the fields that snapshot reported stay as they are (no double count)</span>
            )}
          </li>
        ))}
      </ul>
      {total > events.length && <p className="mt-1 text-xs text-slate-500">… and {formatNumber(total - events.length)} more.</p>}
    </div>
  );
}

/** The whole preview: counts, book and targets before → after, stale and still-failing events. */
export function PlanPreview({ plan }: { plan: TReplayPlanContract }) {
  return (
    <div className="space-y-4">
      <PlanCounts plan={plan} />
      <section>
        <h3 className="mb-1.5 text-sm font-semibold text-slate-800">Book per SKU × location</h3>
        <BookEffects effects={plan.effects} />
      </section>
      <section>
        <h3 className="mb-1.5 text-sm font-semibold text-slate-800">Channel targets</h3>
        <TargetEffects effects={plan.effects} />
      </section>
      {plan.stale > 0 && (
        <section>
          <h3 className="mb-1.5 text-sm font-semibold text-amber-800">Stale: before the latest snapshot ({formatNumber(plan.stale)})</h3>
          <PlanEventList events={plan.staleEvents} total={plan.stale} kind="stale" />
        </section>
      )}
      {plan.wouldFail > 0 && (
        <section>
          <h3 className="mb-1.5 text-sm font-semibold text-red-800">Still failing ({formatNumber(plan.wouldFail)}): fix these first, or they stay dead letters</h3>
          <PlanEventList events={plan.failing} total={plan.wouldFail} kind="failing" />
        </section>
      )}
    </div>
  );
}
