import { Badge, type TTone } from "@/components/ui/badge";
import type { TLineStatus, TRunStatus } from "@/server/reconciliation/reconciliation.types";

const RUN_TONE: Record<TRunStatus, TTone> = { running: "info", done: "good", failed: "bad" };

export function RunStatusBadge({ status }: { status: TRunStatus }) {
  return <Badge tone={RUN_TONE[status]}>{status}</Badge>;
}

const LINE: Record<TLineStatus, { tone: TTone; label: string }> = {
  variance: { tone: "bad", label: "variance" },
  within_tolerance: { tone: "warn", label: "within tolerance" },
  match: { tone: "good", label: "match" },
};

export function LineStatusBadge({ status }: { status: TLineStatus }) {
  return <Badge tone={LINE[status].tone}>{LINE[status].label}</Badge>;
}
