"use client";
import { useRouter } from "next/navigation";
import { DriftValue, SkuLink } from "@/components/drift/drift-value";
import { useRowKeys } from "@/components/drift/use-row-keys";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import type { TDriftPage } from "@/server/drift/drift-page";

type TSystemPage = Extract<TDriftPage, { kind: "system" }>;

export function SystemView({ data }: { data: TSystemPage }) {
  const router = useRouter();
  const rows = data.page.items;
  const { selected, setSelected } = useRowKeys(rows.length, (i) => router.push(`/skus/${encodeURIComponent(rows[i]!.sku)}`));
  return (
    <div className="space-y-4">
      {data.totals.length === 0 && (
        <p role="note" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          ERP and WMS agree on the on-hand of every SKU × location they both report{data.coverage.pendingPairs > 0 ? ` (${formatNumber(data.coverage.pendingPairs)} still being compared)` : ""}.
        </p>
      )}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" aria-label="Totals per location">
        {data.totals.map((t) => (
          <div key={t.location} className="rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm">
            <div className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t.location}</div>
            <div className="mt-0.5 text-lg font-semibold tabular-nums text-slate-900">
              {formatNumber(t.driftingRows)} <span className="text-xs font-normal text-slate-500">SKUs differ</span>
            </div>
            <div className="flex gap-3 text-xs tabular-nums text-slate-600">
              <span title="units the ERP counts beyond the WMS">ERP +{formatNumber(t.erpAboveUnits)}</span>
              <span title="units the WMS counts beyond the ERP">WMS +{formatNumber(t.wmsAboveUnits)}</span>
            </div>
          </div>
        ))}
      </div>
      <Card title="System drift: ERP vs WMS on hand" actions={<span className="text-xs text-slate-500">j / k to move, Enter to open the SKU</span>}>
        <Table aria-label="System drift">
          <thead>
            <tr>
              <Th>SKU</Th>
              <Th>Name</Th>
              <Th>Location</Th>
              <Th align="right">ERP on hand</Th>
              <Th align="right">WMS on hand</Th>
              <Th align="right">Drift (ERP − WMS)</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r, i) => (
              <tr
                key={`${r.sku}@${r.location}`}
                data-row-index={i}
                aria-selected={selected === i}
                onClick={() => setSelected(i)}
                className={cn(selected === i ? "bg-brand-50 outline outline-1 outline-brand-500" : "hover:bg-slate-50")}
              >
                <Td>
                  <SkuLink code={r.sku} />
                </Td>
                <Td className="max-w-56 truncate text-slate-500">{r.skuName ?? "—"}</Td>
                <Td>{r.location}</Td>
                <Td align="right">{formatNumber(r.erpOnHand)}</Td>
                <Td align="right">{formatNumber(r.wmsOnHand)}</Td>
                <Td align="right">
                  <DriftValue drift={r.drift} titles={["The ERP counts more than the WMS", "The WMS counts more than the ERP"]} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}
