import { formatNumber } from "@/components/ui/format";

/** A background replay's progress: events processed of the plan's total. */
export function ReplayProgress({ progress, events }: { progress: number; events: number }) {
  const pct = events === 0 ? 100 : Math.min(100, Math.round((progress / events) * 100));
  return (
    <div className="space-y-1" data-testid="replay-progress">
      <div className="flex justify-between text-xs text-slate-600">
        <span>Applying in the background, chunk by chunk (it resumes by itself after a restart)…</span>
        <span className="tabular-nums">
          {formatNumber(progress)} / {formatNumber(events)} events · {pct}%
        </span>
      </div>
      <div className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-label="Replay progress" aria-valuemin={0} aria-valuemax={events} aria-valuenow={progress}>
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
