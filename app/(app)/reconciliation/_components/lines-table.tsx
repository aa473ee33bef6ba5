"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { SkuLink } from "@/components/drift/drift-value";
import { useRowKeys } from "@/components/drift/use-row-keys";
import { LineStatusBadge } from "@/components/reconciliation/badges";
import { cn } from "@/components/ui/cn";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import type { TLine } from "@/server/reconciliation/reconciliation.types";

/** A figure beside the one of record: highlighted when it disagrees. */
function Figure({ value, against, title }: { value: number | undefined; against: number | undefined; title: string }) {
  if (value === undefined) return <span className="text-slate-300" title={title}>·</span>;
  const differs = against !== undefined && value !== against;
  return (
    <span className={cn("rounded px-1 tabular-nums", differs && "bg-amber-100 font-semibold text-amber-900")} title={differs ? `${title}: ${value}, ${value > against! ? "+" : ""}${value - against!} against the book or target` : title}>
      {formatNumber(value)}
    </span>
  );
}

/** Every line with every system's figure side by side, how long it has been in variance, and which system moved last. */
export function LinesTable({ lines, systems, runId, kind }: { lines: TLine[]; systems: string[]; runId: number; kind?: "location" | "channel" }) {
  const router = useRouter();
  // only the columns the filtered kind of line has
  const hasLocations = kind !== "channel";
  const hasChannels = kind !== "location";
  // the systems that reported where these lines are (a run may hold many more)
  const shown = systems.filter((s) => lines.some((l) => l.systems && s in l.systems));
  const { selected, setSelected } = useRowKeys(lines.length, (i) => router.push(`/skus/${encodeURIComponent(lines[i]!.sku)}`));
  return (
    <Table aria-label="Reconciliation lines">
      <thead>
        <tr>
          <Th>SKU</Th>
          <Th>Where</Th>
          {hasLocations &&
            shown.map((s) => (
              <Th key={s} align="right" title={`on hand reported by ${s}`}>
                {s}
              </Th>
            ))}
          {hasLocations && <Th align="right" title="canonical on hand">Book</Th>}
          {hasChannels && <Th align="right">Target</Th>}
          {hasChannels && <Th align="right">Exposed</Th>}
          <Th align="right">Spread</Th>
          <Th>Status</Th>
          <Th>Persisting</Th>
          <Th>Moved last</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {lines.map((l, i) => (
          <tr
            key={`${l.kind}:${l.sku}:${l.location ?? l.channel}`}
            data-row-index={i}
            data-testid="line-row"
            aria-selected={selected === i}
            onClick={() => setSelected(i)}
            className={cn(selected === i ? "bg-brand-50 outline outline-1 outline-brand-500" : "hover:bg-slate-50")}
          >
            <Td>
              <SkuLink code={l.sku} />
              {l.skuName && <div className="max-w-48 truncate text-xs text-slate-500">{l.skuName}</div>}
            </Td>
            <Td>
              <span className="font-mono text-xs">{l.location ?? l.channel}</span>
              <span className="ml-1.5 text-xs text-slate-400">{l.kind === "location" ? "location" : "channel"}</span>
            </Td>
            {hasLocations &&
              shown.map((s) => (
                <Td key={s} align="right">
                  {l.kind === "location" ? <Figure value={l.systems?.[s]} against={l.book} title={`${s} on hand`} /> : <span className="text-slate-300">—</span>}
                </Td>
              ))}
            {hasLocations && <Td align="right">{l.book !== undefined ? formatNumber(l.book) : <span className="text-slate-300">—</span>}</Td>}
            {hasChannels && <Td align="right">{l.target !== undefined ? formatNumber(l.target) : <span className="text-slate-300">—</span>}</Td>}
            {hasChannels && <Td align="right">{l.kind === "channel" ? <Figure value={l.exposed} against={l.target} title="exposed by the channel" /> : <span className="text-slate-300">—</span>}</Td>}
            <Td align="right">
              <span className={cn("font-semibold", l.status === "variance" && "text-red-700")}>{formatNumber(l.spread)}</span>
            </Td>
            <Td>
              <LineStatusBadge status={l.status} />
            </Td>
            <Td className="text-xs">
              {l.runs > 0 ? (
                <span className={cn(l.runs >= 2 && "font-semibold text-red-800")} title={l.sinceAt ? `in variance since run #${l.since}, ${formatDateTime(l.sinceAt)}` : undefined}>
                  {l.runs === 1 ? "new" : `${l.runs} runs`}
                  {l.since !== null && l.since !== runId && (
                    <>
                      {" · since "}
                      <Link href={`/reconciliation/${l.since}`} className="text-brand-700 hover:underline">
                        #{l.since}
                      </Link>
                    </>
                  )}
                </span>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </Td>
            <Td className="text-xs">
              {l.movedBy ? (
                <span title={l.movedAt ? formatDateTime(l.movedAt) : undefined}>
                  <span className="font-mono">{l.movedBy}</span>
                  {l.movedAt && <span className="ml-1 text-slate-400">{formatDateTime(l.movedAt).slice(5, 16)}</span>}
                </span>
              ) : (
                "—"
              )}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
