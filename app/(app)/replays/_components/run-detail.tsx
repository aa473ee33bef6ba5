"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { PlanCounts, PlanEventList, PlanPreview, PlanStatusBadge } from "@/components/replay/plan-preview";
import { ReplayButton } from "@/components/replay/replay-button";
import { ReplayProgress } from "@/components/replay/replay-progress";
import { selectorText } from "@/components/replay/selector-text";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Field, Textarea } from "@/components/ui/field";
import { formatDateTime, formatNumber } from "@/components/ui/format";

const AUDIT_LABEL: Record<string, string> = {
  "replay.apply": "applied the replay",
  "replay.apply_started": "confirmed the replay (applying in the background)",
  "replay.cancel": "stopped the replay",
  "replay.failed": "the background replay failed",
};

function ApplyForm({ id, selector }: { id: string; selector: Parameters<typeof selectorText>[0] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: trpc.replays.pathKey() });
  const apply = useMutation(trpc.replays.applyPlan.mutationOptions({ onSuccess }));
  const discard = useMutation(trpc.replays.cancelPlan.mutationOptions({ onSuccess }));
  const isStale = (apply.error as { data?: { appCode?: string } } | null)?.data?.appCode === "plan_stale";
  return (
    <Card title="Apply this plan">
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim()) apply.mutate({ id, reason: reason.trim() });
        }}
      >
        <Field label="Reason (required, kept in the audit log)" htmlFor="run-reason">
          <Textarea id="run-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" variant="primary" disabled={!reason.trim() || apply.isPending}>
            Apply replay
          </Button>
          <Button disabled={discard.isPending} onClick={() => discard.mutate({ id })}>
            Discard plan
          </Button>
          {isStale && <ReplayButton selector={selector} label="Preview again…" variant="secondary" />}
        </div>
        <ErrorNote error={apply.error ?? discard.error} />
      </form>
    </Card>
  );
}

/** One plan or run: what it selected, its preview, what it did, and its audit trail. */
export function RunDetail({ id, canAct }: { id: string; canAct: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery({ ...trpc.replays.detail.queryOptions({ id }), refetchInterval: 10_000 });
  const isApplying = detail.data?.plan.status === "applying";
  // while it applies, only the progress is polled (the preview can hold thousands of effects)
  const live = useQuery({ ...trpc.replays.progress.queryOptions({ id }), enabled: isApplying, refetchInterval: 1000 });
  const liveStatus = live.data?.status;
  useEffect(() => {
    if (isApplying && liveStatus && liveStatus !== "applying") void queryClient.invalidateQueries({ queryKey: trpc.replays.detail.queryKey({ id }) });
  }, [isApplying, liveStatus, queryClient, trpc, id]);
  const stop = useMutation(trpc.replays.cancelPlan.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.replays.pathKey() }) }));
  if (detail.isPending) return <LoadingRows rows={6} />;
  if (detail.error) return <ErrorNote error={detail.error} />;
  const { plan, audit, resultFailing, startedAt } = detail.data;
  return (
    <div className="space-y-4">
      <div>
        <Link href="/replays" className="text-sm text-brand-700 hover:underline">
          ← Replays
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-semibold text-slate-900">
            Replay <span className="font-mono">{plan.id}</span>
          </h1>
          <PlanStatusBadge status={plan.status} />
        </div>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600">
          {plan.selector.exceptionId !== undefined ? (
            <Link href={`/exceptions/${plan.selector.exceptionId}`} className="text-brand-700 hover:underline">
              {selectorText(plan.selector)} →
            </Link>
          ) : (
            <span>{selectorText(plan.selector)}</span>
          )}
          <span>
            previewed by {plan.createdBy} <RelativeTime value={plan.createdAt} />
          </span>
          {plan.appliedBy && startedAt && <span>confirmed by {plan.appliedBy} at {formatDateTime(startedAt)}</span>}
          {plan.appliedAt && <span>applied at {formatDateTime(plan.appliedAt)}</span>}
        </div>
        {plan.reason && (
          <p className="mt-1 text-sm text-slate-800">
            <span className="text-slate-500">Reason:</span> {plan.reason}
          </p>
        )}
      </div>

      {plan.status === "applying" && (
        <Card title="Applying">
          <ReplayProgress progress={live.data?.progress ?? plan.progress} events={plan.events} />
          {canAct && (
            <Button className="mt-3" variant="danger" disabled={stop.isPending} onClick={() => stop.mutate({ id })}>
              Stop replay
            </Button>
          )}
          <ErrorNote error={stop.error} />
        </Card>
      )}
      {plan.status === "planned" && canAct && <ApplyForm id={plan.id} selector={plan.selector} />}
      {(plan.status === "cancelled" || plan.status === "failed") && canAct && plan.events > 0 && (
        <div className="flex items-center gap-3 text-sm text-slate-600">
          <span>What this run did not apply is still held or rejected.</span>
          <ReplayButton selector={plan.selector} label="Preview the rest…" variant="secondary" title="Replay what is still held or rejected" />
        </div>
      )}
      {plan.error && <ErrorNote error={{ message: plan.error }} />}

      {plan.result && (
        <Card title={plan.status === "applied" ? "Result" : "Result so far"}>
          <div data-testid="run-result">
            <PlanCounts isResult plan={{ events: plan.events, wouldApply: plan.result.applied, wouldSkip: plan.result.skipped, wouldFail: plan.result.failed, stale: plan.result.stale, alsoReleased: plan.result.alsoReleased }} />
          </div>
          <p className="mt-2 text-xs text-slate-500">
            Applied {formatNumber(plan.result.applied)}, skipped {formatNumber(plan.result.skipped)} (already applied), still failing {formatNumber(plan.result.failed)}
            {plan.status === "cancelled" ? `; stopped after ${formatNumber(plan.progress)} of ${formatNumber(plan.events)} events` : ""}.
          </p>
          {resultFailing.length > 0 && (
            <div className="mt-3">
              <h3 className="mb-1.5 text-sm font-semibold text-red-800">Still failing after the apply</h3>
              <PlanEventList events={resultFailing} total={plan.result.failed} kind="failing" />
            </div>
          )}
        </Card>
      )}

      <Card title={plan.result ? "The preview it was confirmed on" : "Preview (dry run)"}>
        <PlanPreview plan={plan} />
      </Card>

      <Card title="Audit trail">
        {audit.length === 0 ? (
          <p className="text-sm text-slate-500">Not applied yet: a preview changes nothing and is not audited.</p>
        ) : (
          <ol className="space-y-1.5 text-sm" aria-label="Audit trail">
            {audit.map((a) => (
              <li key={a.id} id={`audit-${a.id}`} className="rounded px-2 py-1 target:bg-amber-50 target:ring-1 target:ring-amber-200">
                <span className="font-mono text-xs text-slate-400">#{a.id}</span> <span className="font-medium text-slate-800">{a.actorEmail}</span> {AUDIT_LABEL[a.action] ?? a.action}
                {a.reason ? <span className="text-slate-500"> — {a.reason}</span> : null}
                {a.details && "applied" in a.details ? (
                  <span className="text-slate-500">
                    {" "}
                    ({formatNumber(Number(a.details.applied))} applied, {formatNumber(Number(a.details.skipped ?? 0))} skipped, {formatNumber(Number(a.details.failed ?? 0))} failed)
                  </span>
                ) : null}
                <span className="ml-1 text-xs text-slate-400">{formatDateTime(a.at)}</span>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
