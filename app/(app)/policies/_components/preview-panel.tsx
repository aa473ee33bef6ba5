"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";

function Delta({ before, after }: { before: number; after: number }) {
  const d = after - before;
  if (d === 0) return <span className="text-slate-400">0</span>;
  return <span className={d < 0 ? "text-red-700" : "text-emerald-700"}>{d > 0 ? `+${formatNumber(d)}` : formatNumber(d)}</span>;
}

/** A draft's effect: totals per channel, a chart of units before → after, and the largest changes. */
export function PreviewPanel({ draftId, actions }: { draftId: string; actions?: React.ReactNode }) {
  const trpc = useTRPC();
  const preview = useQuery(trpc.policies.preview.queryOptions({ id: draftId, limit: 200 }));
  const [shown, setShown] = useState(20);
  const totals = Object.entries(preview.data?.totals ?? {});
  const chart = totals.map(([channel, t]) => ({ channel, before: t.unitsBefore, after: t.unitsAfter }));
  return (
    <Card title="Preview: what publishing this draft would change" actions={actions}>
      <ErrorNote error={preview.error} />
      {preview.isPending ? (
        <LoadingRows rows={4} />
      ) : preview.data ? (
        <div className="space-y-5">
          <p className="text-sm text-slate-700" data-testid="preview-summary">
            {preview.data.changedCount === 0 ? "No target would change." : `${formatNumber(preview.data.changedCount)} SKU × channel targets would change.`}
          </p>
          <div className="grid gap-5 2xl:grid-cols-2">
            <Table aria-label="Totals per channel">
              <thead>
                <tr>
                  <Th>Channel</Th>
                  <Th align="right">Changed</Th>
                  <Th align="right">Units before</Th>
                  <Th align="right">Units after</Th>
                  <Th align="right">Δ</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {totals.map(([channel, t]) => (
                  <tr key={channel}>
                    <Td className="font-mono">{channel}</Td>
                    <Td align="right">{formatNumber(t.changed)}</Td>
                    <Td align="right">{formatNumber(t.unitsBefore)}</Td>
                    <Td align="right">{formatNumber(t.unitsAfter)}</Td>
                    <Td align="right">
                      <Delta before={t.unitsBefore} after={t.unitsAfter} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <div className="h-56" role="img" aria-label="Units each channel may sell, before and after">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="channel" tick={{ fontSize: 12 }} />
                  <YAxis tick={{ fontSize: 11 }} width={56} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Bar dataKey="before" name="Units before" fill="#94a3b8" isAnimationActive={false} />
                  <Bar dataKey="after" name="Units after" fill="#2458b8" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </div>
          {preview.data.changes.length === 0 ? (
            <EmptyState title="No SKU × channel target changes">Add or change a rule that matches stocked SKUs to see its effect here.</EmptyState>
          ) : (
            <div>
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
                Largest changes {preview.data.truncated && <Badge>top {preview.data.changes.length} of {formatNumber(preview.data.changedCount)}</Badge>}
              </h3>
              <Table aria-label="Largest changes">
                <thead>
                  <tr>
                    <Th>SKU</Th>
                    <Th>Channel</Th>
                    <Th align="right">Target before</Th>
                    <Th align="right">Target after</Th>
                    <Th align="right">Δ</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {preview.data.changes.slice(0, shown).map((c) => (
                    <tr key={`${c.sku}/${c.channel}`}>
                      <Td>
                        <Link href={`/skus/${encodeURIComponent(c.sku)}`} className="font-mono text-brand-700 hover:underline">
                          {c.sku}
                        </Link>
                      </Td>
                      <Td className="font-mono">{c.channel}</Td>
                      <Td align="right">{formatNumber(c.targetBefore)}</Td>
                      <Td align="right">{formatNumber(c.targetAfter)}</Td>
                      <Td align="right">
                        <Delta before={c.targetBefore} after={c.targetAfter} />
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
              {preview.data.changes.length > shown && (
                <Button size="sm" variant="ghost" className="mt-2" onClick={() => setShown((n) => n + 50)}>
                  Show more ({formatNumber(preview.data.changes.length - shown)} of the largest left)
                </Button>
              )}
            </div>
          )}
        </div>
      ) : null}
    </Card>
  );
}
