import type { ReactNode } from "react";
import { cn } from "./cn";

export type TTone = "neutral" | "good" | "warn" | "bad" | "info" | "critical";
const TONE: Record<TTone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-200",
  good: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  warn: "bg-amber-50 text-amber-800 ring-amber-200",
  bad: "bg-red-50 text-red-700 ring-red-200",
  critical: "bg-red-600 text-white ring-red-700",
  info: "bg-brand-50 text-brand-700 ring-brand-100",
};

export function Badge({ tone = "neutral", children, className }: { tone?: TTone; children: ReactNode; className?: string }) {
  return <span className={cn("inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset", TONE[tone], className)}>{children}</span>;
}
