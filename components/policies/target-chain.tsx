import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { TRuleUse, TTargetTrace } from "@/server/policies/compute-targets";
import { formatUnits, scopeText, valueText } from "./rule-text";

function RuleName({ use }: { use: TRuleUse | null }) {
  if (!use) return <span className="text-slate-400">no rule</span>;
  return (
    <span>
      <Badge tone="info">rule #{use.index + 1}</Badge> <span className="text-slate-600">{scopeText(use.rule.scope)}: {valueText(use.rule)}</span>
    </span>
  );
}

function Step({ n, title, value, children }: { n: number; title: string; value: number; children?: ReactNode }) {
  return (
    <li className="grid grid-cols-[2rem_1fr_6rem] items-start gap-2 border-b border-slate-100 py-2 last:border-0">
      <span className="mt-0.5 flex h-6 w-6 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-600">{n}</span>
      <div className="min-w-0">
        <div className="text-sm font-medium text-slate-800">{title}</div>
        {children && <div className="mt-0.5 space-y-1 text-xs">{children}</div>}
      </div>
      <div className="text-right font-mono text-sm tabular-nums text-slate-900" aria-label={`${title} value`}>
        {formatUnits(value)}
      </div>
    </li>
  );
}

/** The explainer: every step from the pool to the target, naming the rule used at each. */
export function TargetChain({ trace }: { trace: TTargetTrace }) {
  return (
    <ol aria-label={`How the target of ${trace.sku} on ${trace.channel} is computed`}>
      <Step n={1} title="Pool: eligible locations' ATP less location buffers" value={trace.pool}>
        {trace.locations.length === 0 && <p className="text-slate-500">This channel has no eligible locations.</p>}
        {trace.locations.map((l) => (
          <p key={l.location}>
            <span className="font-mono">{l.location}</span>: ATP {formatUnits(l.atp)}
            {l.rule ? (
              <>
                {" "}− {formatUnits(l.buffer)} <RuleName use={l.rule} />
              </>
            ) : null}{" "}
            → <strong>{formatUnits(l.contribution)}</strong>
            {l.isSourceStale && <Badge tone="warn" className="ml-1">source stale</Badge>}
          </p>
        ))}
      </Step>
      <Step n={2} title="Less holdbacks kept for other channels" value={trace.afterHoldbacks}>
        {trace.holdbacks.length === 0 ? (
          <RuleName use={null} />
        ) : (
          <>
            {trace.holdbacks.map((h) => (
              <p key={h.channel}>
                {h.channel} keeps {formatUnits(h.keeps)} (up to {formatUnits(h.charge)} from this channel&apos;s stock) <RuleName use={h.rule} />
              </p>
            ))}
            <p className="text-slate-500">Jointly held: −{formatUnits(trace.holdbackCharge)}</p>
          </>
        )}
      </Step>
      <Step n={3} title="Allocation cap" value={trace.afterAllocation}>
        {trace.allocation ? (
          <p>
            at most {formatUnits(trace.allocation.cap)} <RuleName use={trace.allocation.rule} />
          </p>
        ) : (
          <RuleName use={null} />
        )}
      </Step>
      <Step n={4} title="Less the channel's safety buffer" value={trace.afterSafetyBuffer}>
        {trace.safetyBuffer ? (
          <p>
            −{formatUnits(trace.safetyBuffer.amount)} <RuleName use={trace.safetyBuffer.rule} />
          </p>
        ) : (
          <RuleName use={null} />
        )}
      </Step>
      <Step n={5} title="Sell limit" value={trace.afterSellLimit}>
        {trace.sellLimit ? (
          <p>
            cap {formatUnits(trace.sellLimit.cap)} <RuleName use={trace.sellLimit.rule} />
          </p>
        ) : (
          <RuleName use={null} />
        )}
      </Step>
      <Step n={6} title="Outage fallback" value={trace.afterFallback}>
        {trace.stale.isStale ? (
          <p>
            <Badge tone="warn">stale</Badge> {[trace.stale.isFeedStale ? "the channel's feed is past its SLO" : null, trace.stale.staleLocations.length ? `silent source at ${trace.stale.staleLocations.join(", ")}` : null].filter(Boolean).join("; ")}{" "}
            {trace.fallback ? <RuleName use={trace.fallback.rule} /> : <span className="text-slate-500">— no fallback rule, the target is kept</span>}
          </p>
        ) : (
          <p className="text-slate-500">fresh: no fallback applies</p>
        )}
      </Step>
      <li className="flex items-center justify-between rounded-md bg-brand-50 px-3 py-2">
        <span className="text-sm font-semibold text-brand-700">
          Target for <Link href={`/skus/${encodeURIComponent(trace.sku)}`} className="font-mono hover:underline">{trace.sku}</Link> on {trace.channel} (whole units, never negative)
        </span>
        <span className="font-mono text-lg font-semibold text-brand-700" data-testid="explained-target">
          {formatUnits(trace.target)}
        </span>
      </li>
    </ol>
  );
}
