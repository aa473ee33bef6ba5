import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "@/components/ui/format";

/** A signed drift: red when the channel shows too much (oversell risk), blue when too little (lost sales). */
export function DriftValue({ drift, className, titles }: { drift: number | null; className?: string; titles?: [positive: string, negative: string] }) {
  if (drift === null) return <span className="text-slate-400">—</span>;
  const tone = drift > 0 ? "text-red-700" : drift < 0 ? "text-blue-700" : "text-slate-500";
  const [positive, negative] = titles ?? ["Oversell risk: exposed above target", "Lost sales: exposed below target"];
  const title = drift > 0 ? positive : drift < 0 ? negative : "In sync";
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
