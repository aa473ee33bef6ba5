"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DriftValue } from "@/components/drift/drift-value";
import { UpdatedAgo } from "@/components/drift/updated-ago";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, Stat } from "@/components/ui/card";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { formatNumber, formatRelative } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";

const REFRESH_MS = 2_000;

export function SkuOverview({ code }: { code: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.skus.detail.queryOptions({ code }, { refetchInterval: REFRESH_MS }));
  if (!detail.data) return <ErrorNote error={detail.error} />;
  const { sku, books, total, channels, asOf } = detail.data;
  const now = Date.parse(asOf);
  const reportedByLocation = new Map<string, typeof books.reported>();
  for (const r of books.reported) reportedByLocation.set(r.location, [...(reportedByLocation.get(r.location) ?? []), r]);
  const worst = channels.reduce<number | null>((m, c) => (c.drift === null ? m : Math.max(m ?? 0, Math.abs(c.drift))), null);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          {sku.category && <Badge>{sku.category}</Badge>}
          {sku.upc && <span>UPC <span className="font-mono">{sku.upc}</span></span>}
          {sku.aliases.length > 0 && <span>aliases <span className="font-mono text-xs">{sku.aliases.join(", ")}</span></span>}
        </div>
        <div className="flex items-center gap-3">
          <Link className="text-sm text-brand-700 hover:underline" href={`/drift?q=${encodeURIComponent(sku.code)}`}>
            See in the drift explorer
          </Link>
          <UpdatedAgo updatedAt={detail.dataUpdatedAt} isFetching={detail.isFetching} />
        </div>
      </div>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="On hand" value={formatNumber(total.onHand)} hint={`${books.canonical.length} locations`} />
        <Stat label="ATP" value={formatNumber(total.atp)} tone={total.atp < 0 ? "bad" : undefined} hint="on hand − reserved − allocated" />
        <Stat label="Channels reporting" value={`${channels.filter((c) => c.exposed !== null).length} / ${channels.length}`} />
        <Stat label="Worst |drift|" value={formatNumber(worst)} tone={worst ? "warn" : "good"} />
      </div>

      <Card title="Book per location">
        {books.canonical.length === 0 ? (
          <EmptyState title="No stock recorded for this SKU yet">Positions appear once a connector reports a receipt, an adjustment or a snapshot.</EmptyState>
        ) : (
          <Table aria-label="Book per location">
            <thead>
              <tr>
                <Th>Location</Th>
                <Th align="right">On hand</Th>
                <Th align="right">Reserved</Th>
                <Th align="right">Allocated</Th>
                <Th align="right">In transit</Th>
                <Th align="right">Damaged</Th>
                <Th align="right">Quarantine</Th>
                <Th align="right">ATP</Th>
                <Th>Reported (ERP / WMS …)</Th>
                <Th>Changed</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {books.canonical.map((b) => (
                <tr key={b.location}>
                  <Td className="font-medium text-slate-900">{b.location}</Td>
                  <Td align="right">{formatNumber(b.onHand)}</Td>
                  <Td align="right">{formatNumber(b.reserved)}</Td>
                  <Td align="right">{formatNumber(b.allocated)}</Td>
                  <Td align="right">{formatNumber(b.inTransit)}</Td>
                  <Td align="right">{formatNumber(b.damaged)}</Td>
                  <Td align="right">{formatNumber(b.quarantine)}</Td>
                  <Td align="right" className={b.atp < 0 ? "font-semibold text-red-700" : "font-semibold"}>
                    {formatNumber(b.atp)}
                  </Td>
                  <Td className="text-xs text-slate-600">
                    {(reportedByLocation.get(b.location) ?? []).map((r) => `${r.connector} ${formatNumber(r.onHand)}`).join(" · ") || "—"}
                  </Td>
                  <Td className="text-slate-500">{formatRelative(b.asOf, now)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      <Card title="Channels">
        <Table aria-label="Channels">
          <thead>
            <tr>
              <Th>Channel</Th>
              <Th align="right">Target</Th>
              <Th align="right">Exposed</Th>
              <Th align="right">Drift</Th>
              <Th>Exposure reported</Th>
              <Th>Target computed</Th>
              <Th>Channel feed</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {channels.map((c) => (
              <tr key={c.channel}>
                <Td className="font-medium text-slate-900">
                  {c.name ?? c.channel} <span className="font-mono text-xs text-slate-500">{c.channel}</span>
                </Td>
                <Td align="right">{formatNumber(c.target)}</Td>
                <Td align="right">{formatNumber(c.exposed)}</Td>
                <Td align="right">
                  <DriftValue drift={c.drift} />
                </Td>
                <Td className="text-slate-500">{formatRelative(c.exposedAt, now)}</Td>
                <Td className="text-slate-500">{formatRelative(c.targetUpdatedAt, now)}</Td>
                <Td>{c.isFeedStale === null ? <Badge>never reported</Badge> : c.isFeedStale ? <Badge tone="bad">stale</Badge> : <Badge tone="good">fresh</Badge>}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}
