"use client";
import { useState } from "react";
import { Input, Select } from "@/components/ui/field";
import { EXCEPTION_KINDS, KIND_LABEL, SEVERITIES } from "@/server/exceptions/kinds";
import { STATE_VIEW_LABEL, STATE_VIEWS, type TQueueFilters } from "./queue-params";

const ASSIGNEE_OPTIONS = [
  { value: "", label: "Anyone" },
  { value: "mine", label: "Assigned to me" },
  { value: "none", label: "Unassigned" },
];

/** Every filter writes the URL, so a filtered queue can be bookmarked and shared. */
export function FiltersBar({ filters, channels, onChange }: { filters: TQueueFilters; channels: { code: string; name: string | null }[]; onChange: (f: TQueueFilters) => void }) {
  const [sku, setSku] = useState(filters.sku);
  const set = <K extends keyof TQueueFilters>(key: K, value: TQueueFilters[K]) => onChange({ ...filters, [key]: value });
  const isCustomAssignee = !!filters.assignee && !ASSIGNEE_OPTIONS.some((o) => o.value === filters.assignee);
  return (
    <div className="flex flex-wrap items-end gap-2" role="search" aria-label="Filter exceptions">
      <label className="text-xs text-slate-600">
        State
        <Select aria-label="State" value={filters.view} onChange={(e) => set("view", e.target.value as TQueueFilters["view"])} className="mt-0.5 w-44">
          {STATE_VIEWS.map((v) => (
            <option key={v} value={v}>
              {STATE_VIEW_LABEL[v]}
            </option>
          ))}
        </Select>
      </label>
      <label className="text-xs text-slate-600">
        Kind
        <Select aria-label="Kind" value={filters.kind} onChange={(e) => set("kind", e.target.value as TQueueFilters["kind"])} className="mt-0.5 w-48">
          <option value="">All kinds</option>
          {EXCEPTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </Select>
      </label>
      <label className="text-xs text-slate-600">
        Severity
        <Select aria-label="Severity" value={filters.severity} onChange={(e) => set("severity", e.target.value as TQueueFilters["severity"])} className="mt-0.5 w-28">
          <option value="">Any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </label>
      <label className="text-xs text-slate-600">
        Channel
        <Select aria-label="Channel" value={filters.channel} onChange={(e) => set("channel", e.target.value)} className="mt-0.5 w-28">
          <option value="">Any</option>
          {channels.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code}
            </option>
          ))}
        </Select>
      </label>
      <label className="text-xs text-slate-600">
        Assignee
        <Select aria-label="Assignee" value={filters.assignee} onChange={(e) => set("assignee", e.target.value)} className="mt-0.5 w-40">
          {ASSIGNEE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {isCustomAssignee && <option value={filters.assignee}>{filters.assignee}</option>}
        </Select>
      </label>
      <form
        className="text-xs text-slate-600"
        onSubmit={(e) => {
          e.preventDefault();
          set("sku", sku.trim());
        }}
      >
        <label>
          SKU
          <Input aria-label="SKU" placeholder="exact code, Enter" value={sku} onChange={(e) => setSku(e.target.value)} onBlur={() => sku.trim() !== filters.sku && set("sku", sku.trim())} className="mt-0.5 w-36 font-mono" />
        </label>
      </form>
      <label className="text-xs text-slate-600">
        Sort by
        <Select aria-label="Sort by" value={filters.sort} onChange={(e) => set("sort", e.target.value as TQueueFilters["sort"])} className="mt-0.5 w-36">
          <option value="impact">Impact</option>
          <option value="age">Age (oldest first)</option>
          <option value="sla">SLA due (soonest)</option>
        </Select>
      </label>
      <label className="mb-1.5 flex items-center gap-1.5 text-sm text-slate-700">
        <input type="checkbox" checked={filters.breached} onChange={(e) => set("breached", e.target.checked)} /> SLA breached only
      </label>
    </div>
  );
}
