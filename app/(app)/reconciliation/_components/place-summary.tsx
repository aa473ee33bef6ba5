import { cn } from "@/components/ui/cn";
import { formatNumber, formatPercent } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import type { TTotals } from "@/server/reconciliation/reconciliation.types";

/** Red by the share of lines in variance, on a square-root scale so a few stand out. */
function heat(t: TTotals) {
  const share = t.lines ? t.variance / t.lines : 0;
  if (share === 0) return undefined;
  const alpha = 0.12 + 0.7 * Math.sqrt(share);
  return { background: `rgba(220, 38, 38, ${alpha.toFixed(2)})`, color: alpha > 0.5 ? "white" : "#0f172a" };
}

/** One row per location (or channel): its lines split as a bar, variance heat, and a way to filter on it. */
export function PlaceSummary({ title, places, active, onPick }: { title: string; places: Record<string, TTotals>; active?: string; onPick: (code: string | undefined) => void }) {
  const rows = Object.entries(places).sort(([a], [b]) => a.localeCompare(b));
  if (rows.length === 0) return <p className="text-sm text-slate-500">No {title.toLowerCase()} lines in this run.</p>;
  return (
    <Table aria-label={`Summary by ${title.toLowerCase()}`} className="text-xs">
      <thead>
        <tr>
          <Th>{title}</Th>
          <Th align="right" title="green: match · amber: within tolerance · red: variance">Lines</Th>
          <Th align="right">Variance</Th>
          <Th align="right">Units</Th>
          <Th align="right" title="in variance 2+ runs in a row">2+ runs</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(([code, t]) => {
          const pct = (n: number) => (t.lines ? `${(n / t.lines) * 100}%` : "0%");
          return (
            <tr key={code} className={cn(active === code && "bg-brand-50")}>
              <Td className="max-w-44 truncate">
                <button type="button" className="font-mono text-brand-700 hover:underline" onClick={() => onPick(active === code ? undefined : code)} title={active === code ? "Show every line again" : `Show only ${code}'s lines`}>
                  {code}
                </button>
              </Td>
              <Td>
                <div className="flex items-center justify-end gap-2" title={`${formatNumber(t.match)} match · ${formatNumber(t.withinTolerance)} within tolerance · ${formatNumber(t.variance)} variance`}>
                  <div className="flex h-2.5 w-16 overflow-hidden rounded bg-slate-100 xl:w-24" aria-hidden>
                    <div className="bg-emerald-400" style={{ width: pct(t.match) }} />
                    <div className="bg-amber-400" style={{ width: pct(t.withinTolerance) }} />
                    <div className="bg-red-500" style={{ width: pct(t.variance) }} />
                  </div>
                  <span className="tabular-nums text-slate-500">{formatNumber(t.lines)}</span>
                </div>
              </Td>
              <Td align="right" style={heat(t)} className="rounded font-semibold" title={`${formatPercent(t.lines ? t.variance / t.lines : 0, 1)} of its lines`}>
                {formatNumber(t.variance)}
              </Td>
              <Td align="right">{formatNumber(t.varianceUnits)}</Td>
              <Td align="right">{formatNumber(t.persistent)}</Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
