"use client";
import { useRouter } from "next/navigation";
import { DriftValue, SkuLink } from "@/components/drift/drift-value";
import { HeatMap } from "@/components/drift/heat-map";
import { useRowKeys } from "@/components/drift/use-row-keys";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatNumber, formatRelative } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import type { TDriftPage } from "@/server/drift/drift-page";

type TChannelPage = Extract<TDriftPage, { kind: "channel" }>;

function Totals({ totals }: { totals: TChannelPage["totals"] }) {
  if (totals.length === 0) return null;
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" aria-label="Totals per channel">
      {totals.map((t) => (
        <div key={t.channel} className="rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm" data-testid={`total-${t.channel}`}>
          <div className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t.channel}</div>
          <div className="mt-0.5 text-lg font-semibold tabular-nums text-slate-900">{formatNumber(t.driftingRows)} <span className="text-xs font-normal text-slate-500">drifting</span></div>
          <div className="flex gap-3 text-xs tabular-nums">
            <span className="text-red-700" title={`${t.oversellRows} rows show more than their target`}>+{formatNumber(t.oversellUnits)} oversell</span>
            <span className="text-blue-700" title={`${t.lostRows} rows show less than their target`}>−{formatNumber(t.lostUnits)} lost</span>
          </div>
        </div>
      ))}
    </div>
  );
}

/** Live traffic leaves a few SKUs to copy at any moment; a publish or a bulk load leaves many. */
const CATCHING_UP_SKUS = 1_000;

function CatchingUp({ pendingSkus }: { pendingSkus: number }) {
  if (pendingSkus < CATCHING_UP_SKUS) return null;
  return (
    <div role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      Catching up: {formatNumber(pendingSkus)} SKUs changed (a policy publish or a bulk update) are still being ranked. Rows and totals
      below can show their previous targets until it finishes.
    </div>
  );
}

export function ChannelView({ data }: { data: TChannelPage }) {
  const router = useRouter();
  const rows = data.page.items;
  const { selected, setSelected } = useRowKeys(rows.length, (i) => router.push(`/skus/${encodeURIComponent(rows[i]!.sku)}`));
  return (
    <div className="space-y-4">
      <CatchingUp pendingSkus={data.pendingSkus} />
      <Totals totals={data.totals} />
      {data.heatmap.rows.length > 1 && (
        <Card title="Worst SKUs × channels">
          <HeatMap channels={data.heatmap.channels} rows={data.heatmap.rows} />
        </Card>
      )}
      <Card title="Channel drift" actions={<span className="text-xs text-slate-500">j / k or ↑ / ↓ to move, Enter to open the SKU</span>}>
        <Table aria-label="Channel drift">
          <thead>
            <tr>
              <Th>SKU</Th>
              <Th>Name</Th>
              <Th>Channel</Th>
              <Th align="right">Target</Th>
              <Th align="right">Exposed</Th>
              <Th align="right">Drift</Th>
              <Th>Risk</Th>
              <Th>Exposed at</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r, i) => (
              <tr
                key={`${r.sku}/${r.channel}`}
                data-row-index={i}
                aria-selected={selected === i}
                onClick={() => setSelected(i)}
                className={cn("cursor-default", selected === i ? "bg-brand-50 outline outline-1 outline-brand-500" : "hover:bg-slate-50")}
              >
                <Td>
                  <SkuLink code={r.sku} />
                </Td>
                <Td className="max-w-56 truncate text-slate-500">{r.skuName ?? "—"}</Td>
                <Td>{r.channel}</Td>
                <Td align="right">{formatNumber(r.target)}</Td>
                <Td align="right">{formatNumber(r.exposed)}</Td>
                <Td align="right">
                  <DriftValue drift={r.drift} />
                </Td>
                <Td>{r.drift > 0 ? <Badge tone="bad">oversell {formatNumber(r.drift)}</Badge> : r.drift < 0 ? <Badge tone="info">lost sales</Badge> : <Badge tone="good">in sync</Badge>}</Td>
                <Td className="text-slate-500">{formatRelative(r.exposedAt, Date.parse(data.asOf))}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}
