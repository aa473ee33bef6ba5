"use client";
import { useRouter } from "next/navigation";
import { useRowKeys } from "@/components/drift/use-row-keys";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatDuration, formatRelative } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import type { TDriftPage } from "@/server/drift/drift-page";

type TStalenessPage = Extract<TDriftPage, { kind: "staleness" }>;

export function StalenessView({ data }: { data: TStalenessPage }) {
  const router = useRouter();
  const rows = data.page.items;
  const hrefOf = (r: (typeof rows)[number]) => (r.channel ? `/drift?view=channel&channel=${encodeURIComponent(r.channel)}` : `/connectors/${encodeURIComponent(r.connector!)}`);
  const { selected, setSelected } = useRowKeys(rows.length, (i) => router.push(hrefOf(rows[i]!)));
  const now = Date.parse(data.asOf);
  return (
    <Card title="Feed staleness against each SLO" actions={<span className="text-xs text-slate-500">Channels: last quantity by occurredAt. Connectors: last event received.</span>}>
      <Table aria-label="Staleness">
        <thead>
          <tr>
            <Th>Feed</Th>
            <Th>Kind</Th>
            <Th>Last update</Th>
            <Th align="right">Silent for</Th>
            <Th align="right">SLO</Th>
            <Th>Status</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r, i) => (
            <tr
              key={`${r.kind}:${r.channel ?? r.connector}`}
              data-row-index={i}
              aria-selected={selected === i}
              onClick={() => setSelected(i)}
              className={cn(selected === i ? "bg-brand-50 outline outline-1 outline-brand-500" : "hover:bg-slate-50")}
            >
              <Td className="font-medium text-slate-900">
                <a href={hrefOf(r)} className="hover:underline">
                  {r.channel ?? r.connector}
                </a>
              </Td>
              <Td>{r.kind}</Td>
              <Td className="text-slate-500">{r.lastUpdateAt ? formatRelative(r.lastUpdateAt, now) : "never"}</Td>
              <Td align="right">{formatDuration(r.staleSeconds)}</Td>
              <Td align="right">{formatDuration(r.sloSeconds)}</Td>
              <Td>{r.lastUpdateAt === null ? <Badge>never reported</Badge> : r.isStale ? <Badge tone="bad">stale</Badge> : <Badge tone="good">fresh</Badge>}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
