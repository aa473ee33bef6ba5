// An order's state from its units (DESIGN.md "Orders and partner acknowledgements"): created →
// reserved → picked → shipped, or cancelled. A step counts once it covers every unit still ordered.
export const ORDER_STATES = ["open", "reserved", "picked", "shipped", "cancelled"] as const;
export type TOrderState = (typeof ORDER_STATES)[number];
/** Not yet shipped or cancelled (what `state=open` selects in the list). */
export const ACTIVE_STATES = ["open", "reserved", "picked"] as const satisfies readonly TOrderState[];

export type TOrderUnits = { units: number; cancelled: number; reserved: number; released: number; picked: number; shipped: number };

/** "pending" is a row that has heard of the order only from its fulfilment (no order.created yet). */
export function orderState(u: TOrderUnits): TOrderState | "pending" {
  if (u.units <= 0) return "pending";
  const open = u.units - u.cancelled;
  if (open <= 0) return "cancelled";
  if (u.shipped >= open) return "shipped";
  if (Math.max(u.picked, u.shipped) >= open) return "picked";
  if (Math.max(u.reserved - u.released, u.picked, u.shipped) >= open) return "reserved";
  return "open";
}

/** The same rule in SQL, over column expressions (kept beside the TypeScript so they stay one rule). */
export function orderStateSql(c: { units: string; cancelled: string; reserved: string; released: string; picked: string; shipped: string }): string {
  const open = `(${c.units} - ${c.cancelled})`;
  return `(case when ${c.units} <= 0 then 'pending'
                when ${open} <= 0 then 'cancelled'
                when ${c.shipped} >= ${open} then 'shipped'
                when greatest(${c.picked}, ${c.shipped}) >= ${open} then 'picked'
                when greatest(${c.reserved} - ${c.released}, ${c.picked}, ${c.shipped}) >= ${open} then 'reserved'
                else 'open' end)`;
}
