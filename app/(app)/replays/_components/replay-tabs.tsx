import Link from "next/link";
import { cn } from "@/components/ui/cn";

const TABS = [
  { view: "runs", href: "/replays", label: "Plans and runs" },
  { view: "dead-letters", href: "/replays?view=dead-letters", label: "Dead letters and held events" },
] as const;

export function ReplayTabs({ view }: { view: "runs" | "dead-letters" }) {
  return (
    <div role="tablist" aria-label="Replay views" className="flex gap-1 border-b border-slate-200">
      {TABS.map((t) => (
        <Link
          key={t.view}
          href={t.href}
          role="tab"
          aria-selected={view === t.view}
          className={cn("-mb-px border-b-2 px-3 py-2 text-sm font-medium", view === t.view ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900")}
        >
          {t.label}
        </Link>
      ))}
    </div>
  );
}
