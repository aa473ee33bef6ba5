"use client";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { useSettledText } from "@/components/ui/use-settled-text";
import type { TLineFilters } from "@/server/reconciliation/reconciliation.types";

type TChange = Partial<Record<keyof TLineFilters, string | undefined>>;

function Labeled({ label, children, width = "w-40" }: { label: string; children: React.ReactNode; width?: string }) {
  return <label className={`flex ${width} flex-col gap-1 text-xs font-medium text-slate-600`}>{label}{children}</label>;
}

export function LineFilters({ filters, locations, channels, onChange }: { filters: TLineFilters; locations: string[]; channels: string[]; onChange: (change: TChange) => void }) {
  const [sku, setSku] = useSettledText(filters.sku ?? "", (v) => onChange({ sku: v.trim() || undefined }), 400);
  const [minRuns, setMinRuns] = useSettledText(filters.minRuns ? String(filters.minRuns) : "", (v) => onChange({ minRuns: v || undefined }), 400);
  const hasFilters = Object.values(filters).some((v) => v !== undefined);
  return (
    <div className="no-print flex flex-wrap items-end gap-3" role="search" aria-label="Line filters">
      <Labeled label="Status">
        <Select aria-label="Status" value={filters.status ?? ""} onChange={(e) => onChange({ status: e.target.value || undefined })}>
          <option value="">Any status</option>
          <option value="variance">Variance</option>
          <option value="within_tolerance">Within tolerance</option>
          <option value="match">Match</option>
        </Select>
      </Labeled>
      <Labeled label="Kind" width="w-40">
        <Select aria-label="Kind" value={filters.kind ?? ""} onChange={(e) => onChange({ kind: e.target.value || undefined, ...(e.target.value === "location" ? { channel: undefined } : e.target.value === "channel" ? { location: undefined } : {}) })}>
          <option value="">Both</option>
          <option value="location">Location lines</option>
          <option value="channel">Channel lines</option>
        </Select>
      </Labeled>
      <Labeled label="Location">
        <Select aria-label="Location" value={filters.location ?? ""} onChange={(e) => onChange({ location: e.target.value || undefined, channel: undefined, ...(e.target.value ? { kind: undefined } : {}) })}>
          <option value="">All locations</option>
          {locations.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </Select>
      </Labeled>
      <Labeled label="Channel">
        <Select aria-label="Channel" value={filters.channel ?? ""} onChange={(e) => onChange({ channel: e.target.value || undefined, location: undefined, ...(e.target.value ? { kind: undefined } : {}) })}>
          <option value="">All channels</option>
          {channels.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </Select>
      </Labeled>
      <Labeled label="SKU" width="w-44">
        <Input aria-label="SKU code" placeholder="Exact SKU code" value={sku} onChange={(e) => setSku(e.target.value)} />
      </Labeled>
      <Labeled label="Persisting for ≥ N runs" width="w-40">
        <Input aria-label="Persisting for at least N runs" inputMode="numeric" placeholder="any" value={minRuns} onChange={(e) => setMinRuns(e.target.value.replace(/\D/g, ""))} />
      </Labeled>
      {hasFilters && (
        <Button size="sm" variant="ghost" className="mb-1" onClick={() => onChange({ kind: undefined, status: undefined, sku: undefined, location: undefined, channel: undefined, minRuns: undefined })}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
