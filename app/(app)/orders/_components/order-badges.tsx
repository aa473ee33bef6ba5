import { Badge, type TTone } from "@/components/ui/badge";
import type { TOrderItem } from "@/server/orders/orders.types";

const STATE_TONE: Record<TOrderItem["state"], TTone> = { open: "warn", reserved: "info", picked: "info", shipped: "good", cancelled: "neutral" };

export function OrderStateBadge({ state, cancelReason }: { state: TOrderItem["state"]; cancelReason?: string }) {
  return (
    <Badge tone={STATE_TONE[state]}>
      {state}
      {state === "cancelled" && cancelReason ? ` · ${cancelReason.replaceAll("_", " ")}` : ""}
    </Badge>
  );
}

export function AttentionBadges({ attention }: { attention: TOrderItem["attention"] }) {
  return (
    <>
      {attention.includes("unallocated") && (
        <Badge tone="bad" className="font-semibold">
          stuck: unallocated
        </Badge>
      )}
      {attention.includes("late") && (
        <Badge tone="bad" className="font-semibold">
          late to ship
        </Badge>
      )}
    </>
  );
}
