"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const TABS = [
  { href: "/settings/skus", label: "SKUs" },
  { href: "/settings/locations", label: "Locations" },
  { href: "/settings/channels", label: "Channels" },
  { href: "/settings/connectors", label: "Connectors" },
  { href: "/settings/users", label: "Users" },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/reconciliation", label: "Reconciliation" },
];

export function SettingsTabs() {
  const pathname = usePathname();
  return (
    <div role="tablist" aria-label="Settings sections" className="flex gap-1 border-b border-slate-200">
      {TABS.map((t) => {
        const isActive = pathname.startsWith(t.href);
        return (
          <Link
            key={t.href}
            href={t.href}
            role="tab"
            aria-selected={isActive}
            className={cn("-mb-px border-b-2 px-3 py-2 text-sm font-medium", isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900")}
          >
            {t.label}
          </Link>
        );
      })}
    </div>
  );
}
