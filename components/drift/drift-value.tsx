import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "@/components/ui/format";

/** A signed drift: red when the channel shows too much (oversell risk), blue when too little (lost sales). */
export function DriftValue({ drift, className }: { drift: number | null; className?: string }) {
  if (drift === null) return <span className="text-slate-400">—</span>;
  const tone = drift > 0 ? "text-red-700" : drift < 0 ? "text-blue-700" : "text-slate-500";
  const title = drift > 0 ? "Oversell risk: exposed above target" : drift < 0 ? "Lost sales: exposed below target" : "In sync";
  return (
    <span title={title} className={cn("font-semibold tabular-nums", tone, className)}>
      {drift > 0 ? "+" : ""}
      {formatNumber(drift)}
    </span>
  );
}

export function SkuLink({ code, className }: { code: string; className?: string }) {
  return (
    <Link href={`/skus/${encodeURIComponent(code)}`} className={cn("font-mono text-brand-700 hover:underline", className)}>
      {code}
    </Link>
  );
}
