import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatDuration, formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { serverCaller } from "@/server/api/server";
import { DriftValue, SkuLink } from "./drift-value";

/** The Overview page's "worst drift" and "stale feeds" (a server component). */
export async function DriftOverview() {
  const { worst, stale } = await (await serverCaller()).drift.overview();
  return (
    <div className="mt-5 grid gap-5 lg:grid-cols-2">
      <Card title="Worst drift" actions={<Link href="/drift" className="text-xs text-brand-700 hover:underline">Drift explorer →</Link>}>
        {worst.length === 0 ? (
          <p className="text-sm text-slate-500">No channel shows anything other than its target.</p>
        ) : (
          <Table aria-label="Worst drift">
            <thead>
              <tr>
                <Th>SKU</Th>
                <Th>Channel</Th>
                <Th align="right">Target</Th>
                <Th align="right">Exposed</Th>
                <Th align="right">Drift</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {worst.map((r) => (
                <tr key={`${r.sku}/${r.channel}`}>
                  <Td><SkuLink code={r.sku} /></Td>
                  <Td>{r.channel}</Td>
                  <Td align="right">{formatNumber(r.target)}</Td>
                  <Td align="right">{formatNumber(r.exposed)}</Td>
                  <Td align="right"><DriftValue drift={r.drift} /></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card title="Stale feeds" actions={<Link href="/drift?view=staleness" className="text-xs text-brand-700 hover:underline">All feeds →</Link>}>
        {stale.length === 0 ? (
          <p className="text-sm text-slate-500">Every channel and connector that reports is within its SLO.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {stale.map((s) => (
              <li key={`${s.kind}:${s.channel ?? s.connector}`} className="flex items-center justify-between py-1.5">
                <span>
                  <span className="font-medium text-slate-900">{s.channel ?? s.connector}</span> <span className="text-xs text-slate-500">{s.kind}</span>
                </span>
                <span className="flex items-center gap-2 text-xs text-slate-600">
                  silent {formatDuration(s.staleSeconds)} (SLO {formatDuration(s.sloSeconds)}) <Badge tone="bad">stale</Badge>
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
