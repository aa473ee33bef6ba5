"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { LoadingRows } from "@/components/ui/empty-state";
import { Field, Textarea } from "@/components/ui/field";
import { formatNumber } from "@/components/ui/format";
import type { TApplyResponse, TReplaySelector } from "@/server/replay/replay.types";
import { PlanPreview } from "./plan-preview";
import { ReplayProgress } from "./replay-progress";

function appCode(error: unknown): string | null {
  return (error as { data?: { appCode?: string | null } } | null)?.data?.appCode ?? null;
}

function Alert({ tone, children }: { tone: "bad" | "good"; children: React.ReactNode }) {
  return (
    <div role={tone === "bad" ? "alert" : "status"} className={tone === "bad" ? "rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" : "rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"}>
      {children}
    </div>
  );
}

export function ResultMessage({ result }: { result: TApplyResponse }) {
  return (
    <Alert tone="good">
      Replay applied: <strong>{formatNumber(result.applied)}</strong> applied, {formatNumber(result.skipped)} skipped (already applied), {formatNumber(result.failed)} still failing.{" "}
      <Link href={`/replays/${result.id}${result.auditId ? `#audit-${result.auditId}` : ""}`} className="font-medium text-brand-700 underline">
        View the run and its audit entry{result.auditId ? ` #${result.auditId}` : ""} →
      </Link>
    </Alert>
  );
}

/**
 * The one-click replay: previews the selector (a dry run, nothing changes), shows the effect, and
 * applies it on confirm with a required reason. A large plan shows its progress and can be cancelled.
 */
export function ReplayDialog({ selector: initialSelector, title, onClose }: { selector: TReplaySelector; title: string; onClose: () => void }) {
  const trpc = useTRPC();
  // the selector of the moment the dialog opened: a parent re-rendering must not re-preview
  const [selector] = useState(initialSelector);
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<TApplyResponse | null>(null);
  const invalidate = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.replays.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.exceptions.pathKey() })]);
  const plan = useMutation(trpc.replays.createPlan.mutationOptions());
  const apply = useMutation(
    trpc.replays.applyPlan.mutationOptions({
      onSuccess: async (r) => {
        setResult(r);
        await invalidate();
      },
    }),
  );
  const cancel = useMutation(trpc.replays.cancelPlan.mutationOptions({ onSuccess: (r) => (setResult(r), invalidate()) }));
  const planId = plan.data?.id;
  const isApplying = result?.status === "applying";
  const live = useQuery({ ...trpc.replays.progress.queryOptions({ id: planId ?? "rp_pending" }), enabled: !!planId && isApplying, refetchInterval: 1000 });

  const { mutate: preview } = plan;
  useEffect(() => {
    preview({ selector });
  }, [preview, selector]);
  useEffect(() => {
    const p = live.data;
    if (!isApplying || !p || p.status === "applying") return;
    setResult({ id: p.id, status: p.status, applied: p.result?.applied ?? 0, skipped: p.result?.skipped ?? 0, failed: p.result?.failed ?? 0, progress: p.progress, events: p.events, auditId: p.result?.auditId ?? null });
    void invalidate();
  });

  const isStale = appCode(apply.error) === "plan_stale";
  const isDone = result && result.status !== "applying";
  const canApply = !!plan.data && plan.data.status === "planned" && plan.data.events > 0 && reason.trim().length > 0 && !apply.isPending && !result;
  const againPreview = () => {
    apply.reset();
    setResult(null);
    preview({ selector });
  };

  return (
    <Dialog
      open
      wide
      onClose={onClose}
      title={title}
      footer={
        <>
          <Button onClick={onClose}>{isDone ? "Close" : "Cancel"}</Button>
          {isApplying && (
            <Button variant="danger" disabled={cancel.isPending} onClick={() => planId && cancel.mutate({ id: planId })}>
              Stop replay
            </Button>
          )}
          {isStale && <Button onClick={againPreview}>Preview again</Button>}
          {!result && plan.data && plan.data.events > 0 && (
            <Button variant="primary" disabled={!canApply} onClick={() => plan.data && apply.mutate({ id: plan.data.id, reason: reason.trim() })}>
              {apply.isPending ? "Applying…" : `Apply replay (${formatNumber(plan.data.wouldApply)} events)`}
            </Button>
          )}
        </>
      }
    >
      <div className="space-y-4">
        {plan.isPending && (
          <div>
            <p className="mb-2 text-sm text-slate-600">Previewing: a dry run of these events against the current book…</p>
            <LoadingRows rows={4} />
          </div>
        )}
        {plan.error && <Alert tone="bad">{plan.error.message}</Alert>}
        {plan.data && plan.data.events === 0 && <p className="text-sm text-slate-600">Nothing to replay: no held or rejected event matches. Already-replayed events are accepted and not selected again.</p>}
        {plan.data && plan.data.events > 0 && (
          <>
            <p className="text-sm text-slate-600">
              Dry run of plan <span className="font-mono">{plan.data.id}</span>: nothing has changed yet. Applying runs exactly these events in occurredAt / sequence order; anything already applied is skipped.
            </p>
            <PlanPreview plan={plan.data} />
            {!result && (
              <Field label="Reason (required, kept in the audit log)" htmlFor="replay-reason">
                <Textarea id="replay-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. alias LEGACY-0042 → FAS-00042 added; replaying the ERP's dead letters" />
              </Field>
            )}
          </>
        )}
        {apply.error && (
          <Alert tone="bad">
            {apply.error.message}
            {isStale ? " Use “Preview again” to see the new numbers." : ""}
          </Alert>
        )}
        {isApplying && planId && <ReplayProgress progress={live.data?.progress ?? result.progress} events={result.events} />}
        {cancel.error && <Alert tone="bad">{cancel.error.message}</Alert>}
        {result?.status === "applied" && <ResultMessage result={result} />}
        {result?.status === "cancelled" && (
          <Alert tone="bad">
            Replay stopped after {formatNumber(result.progress)} of {formatNumber(result.events)} events ({formatNumber(result.applied)} applied stay applied).{" "}
            <Link href={`/replays/${result.id}`} className="font-medium underline">
              View the run →
            </Link>
          </Alert>
        )}
        {result?.status === "failed" && <Alert tone="bad">The background replay failed; see the run page.</Alert>}
      </div>
    </Dialog>
  );
}
