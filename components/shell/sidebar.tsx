"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import type { TNavItem } from "./nav";

export function Sidebar({ items }: { items: TNavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex w-52 shrink-0 flex-col border-r border-slate-200 bg-slate-900 text-slate-300">
      <Link href="/" className="flex items-center gap-2 px-4 py-4 text-base font-semibold text-white">
        <span aria-hidden className="inline-block h-5 w-5 rounded bg-brand-500" /> Sightline
      </Link>
      <ul className="space-y-0.5 px-2">
        {items.map((item) => {
          const isActive = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={isActive ? "page" : undefined}
                className={cn("block rounded-md px-3 py-1.5 text-sm", isActive ? "bg-slate-700 text-white" : "hover:bg-slate-800 hover:text-white")}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
