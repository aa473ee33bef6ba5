import type { TRole } from "@/server/auth/roles";

export type TNavItem = { href: string; label: string; roles?: readonly TRole[] };

/** The areas that work. Each capability adds its entry when it lands. */
export const NAV_ITEMS: TNavItem[] = [
  { href: "/", label: "Overview" },
  { href: "/exceptions", label: "Exceptions" },
  { href: "/drift", label: "Drift" },
  { href: "/orders", label: "Orders" },
  { href: "/policies", label: "Policies" },
  { href: "/replays", label: "Replays" },
  { href: "/reconciliation", label: "Reconciliation" },
  { href: "/connectors", label: "Connectors" },
  { href: "/kpis", label: "KPIs" },
  { href: "/notifications", label: "Notifications" },
  { href: "/api-docs", label: "API" },
  { href: "/settings", label: "Settings", roles: ["admin"] },
];

export function navFor(role: TRole): TNavItem[] {
  return NAV_ITEMS.filter((i) => !i.roles || i.roles.includes(role));
}
