"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/field";
import { RANGE_OPTIONS, type TKpiParams, type TRange } from "./params";

/** "2026-03-01T10:00" (a datetime-local value, read as UTC) ⇄ ISO. */
const toLocalInput = (iso: string) => (iso ? new Date(iso).toISOString().slice(0, 16) : "");
const fromLocalInput = (v: string) => (v ? new Date(`${v}:00Z`).toISOString() : "");

export function RangeControls({
  params,
  channels,
  onChange,
  onExport,
  defaultCustom,
}: {
  params: TKpiParams;
  channels: { code: string; name: string | null }[];
  onChange: (p: TKpiParams) => void;
  onExport: () => void;
  defaultCustom: { from: string; to: string };
}) {
  const [from, setFrom] = useState(toLocalInput(params.from || defaultCustom.from));
  const [to, setTo] = useState(toLocalInput(params.to || defaultCustom.to));
  const pick = (range: TRange) => onChange(range === "custom" ? { ...params, range, from: fromLocalInput(from), to: fromLocalInput(to) } : { ...params, range, from: "", to: "" });
  return (
    <div className="no-print mb-4 flex flex-wrap items-end gap-3">
      <div role="group" aria-label="Range" className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white shadow-sm">
        {RANGE_OPTIONS.map((o) => (
          <button
            key={o.value}
            type="button"
            aria-pressed={params.range === o.value}
            onClick={() => pick(o.value)}
            className={cn("h-9 border-l border-slate-300 px-3 text-sm first:border-l-0", params.range === o.value ? "bg-brand-600 font-medium text-white" : "text-slate-700 hover:bg-slate-50")}
          >
            {o.label}
          </button>
        ))}
      </div>
      {params.range === "custom" && (
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            onChange({ ...params, from: fromLocalInput(from), to: fromLocalInput(to) });
          }}
        >
          <label className="text-xs text-slate-600">
            From (UTC)
            <Input type="datetime-local" aria-label="From (UTC)" value={from} onChange={(e) => setFrom(e.target.value)} className="mt-0.5 w-48" />
          </label>
          <label className="text-xs text-slate-600">
            To (UTC)
            <Input type="datetime-local" aria-label="To (UTC)" value={to} onChange={(e) => setTo(e.target.value)} className="mt-0.5 w-48" />
          </label>
          <Button type="submit">Apply</Button>
        </form>
      )}
      <label className="text-xs text-slate-600">
        Channel
        <Select aria-label="Channel" value={params.channel} onChange={(e) => onChange({ ...params, channel: e.target.value })} className="mt-0.5 w-52">
          <option value="">All channels</option>
          {channels.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name ? `${c.name} (${c.code})` : c.code}
            </option>
          ))}
        </Select>
      </label>
      <div className="ml-auto flex gap-2">
        <Button onClick={onExport}>Export CSV</Button>
        <Button onClick={() => window.print()}>Print</Button>
      </div>
    </div>
  );
}
