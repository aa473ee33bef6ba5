"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ADVISOR_DAYS, adviceOf, bufferText, velocityText, type TAdvice } from "@/components/policies/buffer-advice";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, Stat } from "@/components/ui/card";
import { CatchingUpNote } from "@/components/ui/catching-up-note";
import { cn } from "@/components/ui/cn";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatDuration, formatNumber } from "@/components/ui/format";
import { MutationError } from "@/components/ui/mutation-error";
import { Table, Td, Th } from "@/components/ui/table";
import type { TSuggestion } from "@/server/advisor/advisor.types";
import { BufferCurve } from "./buffer-curve";

const TONE_BOX: Record<TAdvice["tone"], string> = {
  good: "border-emerald-200 bg-emerald-50 text-emerald-900",
  warn: "border-amber-200 bg-amber-50 text-amber-900",
  neutral: "border-slate-200 bg-slate-50 text-slate-700",
};
const TONE_BADGE = { good: "good", warn: "warn", neutral: "neutral" } as const;

/** Keeps the panel's choices in the address bar (?advisorDays=&advisorChannel=), without a server round trip. */
function writeUrl(days: number, channel: string | null) {
  const url = new URL(window.location.href);
  url.searchParams.set("advisorDays", String(days));
  if (channel) url.searchParams.set("advisorChannel", channel);
  else url.searchParams.delete("advisorChannel");
  window.history.replaceState(null, "", url);
}

function ChannelDetail({ s, days }: { s: TSuggestion; days: number }) {
  const advice = adviceOf(s, days);
  return (
    <div className="space-y-4" data-testid="advisor-detail">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Sells (p90 SKU)" value={velocityText(s.velocityP90PerHour)} hint="units of a fast SKU while shown in stock" />
        <Stat label="Learns late by (p95)" value={formatDuration(s.latencyP95Seconds)} hint="stock change → the channel's next update" />
        <Stat label="Oversold" value={`${formatNumber(s.oversells)} of ${formatNumber(s.orders)}`} hint="orders taken with too little stock" tone={s.oversells ? "bad" : "good"} />
        {s.isCurrentEnough || !s.curve.length ? (
          <Stat label="Buffer" value={bufferText(s.current)} hint={s.curve.length ? `current; recommended ${formatNumber(s.recommended.units)} units` : "current"} />
        ) : (
          <Stat label="Buffer" value={`${bufferText(s.current)} → ${formatNumber(s.recommended.units)}`} hint="current → recommended (units)" />
        )}
      </div>
      <div role="note" className={cn("rounded-md border px-3 py-2 text-sm", TONE_BOX[advice.tone])} data-testid="advisor-verdict">
        <span className="font-semibold">{advice.headline}.</span> {advice.detail}
      </div>
      {s.curve.length === 0 ? (
        <EmptyState title={s.orders === 0 ? `No orders on ${s.name ?? s.channel} in the last ${days} days` : "No exposure to test against"}>
          {s.orders === 0 ? "The curve is drawn from the channel's own orders; pick a longer range or another channel." : "The channel never reported what it showed before its orders."}
        </EmptyState>
      ) : (
        <>
          <BufferCurve suggestion={s} />
          <p className="text-xs text-slate-500">
            Each of {formatNumber(s.orders - s.untestedOrders)} orders replayed against what {s.channel} showed just before it, less the buffer: an order for more than that
            would have been refused. Green: oversells it would have refused. Amber: orders that were fine but would have been refused too.
            {s.curve[0]!.oversellsAvoided + s.curve[0]!.ordersAffected > 0 &&
              ` ${formatNumber(s.curve[0]!.oversellsAvoided + s.curve[0]!.ordersAffected)} orders were for more than ${s.channel} showed: they count as refused at every buffer, 0 included.`}
            {s.untestedOrders > 0 && ` ${formatNumber(s.untestedOrders)} orders came before the channel had shown the SKU and are left out.`}
          </p>
        </>
      )}
    </div>
  );
}

/**
 * "Suggest buffers": per channel, the safety buffer its own history asks for (velocity × feed
 * latency, backtested on its orders), and for merchandisers and admins a draft with those buffers.
 */
export function SuggestBuffersPanel({ canEdit, initialDays, initialChannel, onDrafted }: { canEdit: boolean; initialDays: number; initialChannel: string | null; onDrafted: (draftId: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [days, setDays] = useState(initialDays);
  const [picked, setPicked] = useState<string | null>(initialChannel);
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const query = useQuery(trpc.policies.suggestions.queryOptions({ days }));
  const draft = useMutation(
    trpc.policies.draftFromSuggestions.mutationOptions({
      onSuccess: async (created) => {
        await queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
        onDrafted(created.id);
      },
    }),
  );
  const items = query.data?.items ?? [];
  const selected = items.find((s) => s.channel === picked) ?? items.find((s) => !s.isCurrentEnough && s.curve.length > 0) ?? items[0] ?? null;
  // by default, the channels whose buffer the history says to change
  const toDraft = chosen ?? new Set(items.filter((s) => !s.isCurrentEnough && s.recommended.units > 0).map((s) => s.channel));
  const pick = (channel: string) => {
    setPicked(channel);
    writeUrl(days, channel);
  };
  const toggle = (channel: string) => {
    const next = new Set(toDraft);
    if (next.has(channel)) next.delete(channel);
    else next.add(channel);
    setChosen(next);
  };

  return (
    <Card
      title="Suggest buffers"
      actions={
        <div role="group" aria-label="Backtest range" className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white shadow-sm">
          {ADVISOR_DAYS.map((d) => (
            <button
              key={d}
              type="button"
              aria-pressed={days === d}
              onClick={() => {
                setDays(d);
                setChosen(null);
                writeUrl(d, picked);
              }}
              className={cn("h-8 border-l border-slate-300 px-2.5 text-xs first:border-l-0", days === d ? "bg-brand-600 font-medium text-white" : "text-slate-700 hover:bg-slate-50")}
            >
              {d} days
            </button>
          ))}
        </div>
      }
    >
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          How big each channel&apos;s safety buffer should be, from its own history: every order of the last {days} days replayed with buffers of 0, 1, 2… units. A bigger
          buffer refuses more of the orders that oversold, and more of the good ones too.
        </p>
        <CatchingUpNote behind={query.data?.pendingEvents ?? 0} threshold={5000}>
          The KPI roll-up is {formatNumber(query.data?.pendingEvents ?? 0)} events behind: the backtest covers what it has rolled up so far.
        </CatchingUpNote>
        <ErrorNote error={query.error} />
        {query.isPending ? (
          <LoadingRows rows={4} />
        ) : items.length === 0 ? (
          <EmptyState title="No channels yet">Channels come from master data; once they take orders, their buffers can be backtested here.</EmptyState>
        ) : (
          <>
            <Table aria-label="Suggested buffers per channel">
              <thead>
                <tr>
                  {canEdit && <Th>Draft</Th>}
                  <Th>Channel</Th>
                  <Th align="right">Oversold</Th>
                  <Th align="right">Current</Th>
                  <Th align="right">Recommended</Th>
                  <Th align="right">Avoids</Th>
                  <Th align="right">Affects</Th>
                  <Th>Verdict</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {items.map((s) => {
                  const advice = adviceOf(s, days);
                  const isSelected = selected?.channel === s.channel;
                  const hasCurve = s.curve.length > 0;
                  return (
                    <tr key={s.channel} className={cn(isSelected && "bg-brand-50/60")}>
                      {canEdit && (
                        <Td>
                          <input
                            type="checkbox"
                            aria-label={`Include ${s.channel} in the draft`}
                            checked={toDraft.has(s.channel)}
                            disabled={!hasCurve}
                            onChange={() => toggle(s.channel)}
                            className="h-4 w-4 rounded border-slate-300"
                          />
                        </Td>
                      )}
                      <Td>
                        <button type="button" aria-pressed={isSelected} onClick={() => pick(s.channel)} className="text-left font-medium text-brand-700 hover:underline">
                          {s.name ?? s.channel}
                        </button>
                      </Td>
                      <Td align="right">
                        {formatNumber(s.oversells)} <span className="text-xs text-slate-500">of {formatNumber(s.orders)}</span>
                      </Td>
                      <Td align="right">{bufferText(s.current)}</Td>
                      <Td align="right" className="font-semibold">
                        {hasCurve ? `${formatNumber(s.recommended.units)} units` : "—"}
                      </Td>
                      <Td align="right">{hasCurve ? `${formatNumber(s.recommended.oversellsAvoided)} oversold` : "—"}</Td>
                      <Td align="right">{hasCurve ? `${formatNumber(s.recommended.ordersAffected)} fine` : "—"}</Td>
                      <Td>
                        <Badge tone={TONE_BADGE[advice.tone]}>{advice.short}</Badge>
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
            {canEdit ? (
              <div className="flex flex-wrap items-center gap-3">
                <Button variant="primary" disabled={toDraft.size === 0 || draft.isPending} onClick={() => draft.mutate({ channels: [...toDraft], days })}>
                  {draft.isPending ? "Drafting…" : `Draft recommended buffers (${toDraft.size} ${toDraft.size === 1 ? "channel" : "channels"})`}
                </Button>
                <span className="text-xs text-slate-500">A new draft from the current version: preview it, then publish it with a reason.</span>
                <MutationError error={draft.error} />
              </div>
            ) : (
              <p className="text-xs text-slate-500">Read only: merchandisers and administrators turn these into a draft.</p>
            )}
            {selected && (
              <section aria-label={`Backtest of ${selected.channel}`} className="border-t border-slate-100 pt-4">
                <h3 className="mb-3 text-sm font-semibold text-slate-800">
                  {selected.name ?? selected.channel} <span className="font-mono text-xs font-normal text-slate-500">{selected.channel}</span> — last {days} days
                </h3>
                <ChannelDetail s={selected} days={days} />
              </section>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
