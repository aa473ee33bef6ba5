/** A running reconciliation's progress: the fraction of SKU ranges read, and what it is doing. */
export function RunProgress({ progress, phase }: { progress: number; phase?: string }) {
  const pct = Math.min(100, Math.round(progress * 100));
  return (
    <div className="space-y-1" data-testid="run-progress">
      <div className="flex justify-between gap-3 text-xs text-slate-600">
        <span>Reading one snapshot of every book and channel{phase ? ` — ${phase}` : ""}… (ingest keeps running meanwhile)</span>
        <span className="tabular-nums">{pct}%</span>
      </div>
      <div className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-label="Reconciliation progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
