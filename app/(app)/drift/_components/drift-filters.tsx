"use client";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { useSettledText } from "@/components/ui/use-settled-text";
import type { TDriftPageInput } from "./search-params";

type TOptions = { channels: { code: string; name: string | null }[]; locations: { code: string; name: string | null }[]; categories: string[] };
type TNavigate = (changes: Record<string, string | undefined>) => void;

function LabeledSelect({ label, value, onChange, children, width = "w-40" }: { label: string; value: string; onChange: (v: string) => void; children: React.ReactNode; width?: string }) {
  return (
    <label className={`flex ${width} flex-col gap-1 text-xs font-medium text-slate-600`}>
      {label}
      <Select value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </Select>
    </label>
  );
}

export function DriftFilters({ input, options, navigate }: { input: TDriftPageInput; options: TOptions | undefined; navigate: TNavigate }) {
  const [q, setQ] = useSettledText(input.q ?? "", (v) => navigate({ q: v.trim() || undefined }), 300);
  const [min, setMin] = useSettledText(input.minDrift ? String(input.minDrift) : "", (v) => navigate({ min: v.trim() || undefined }), 300);
  const isStaleness = input.kind === "staleness";
  const hasFilters = !!(input.q || input.location || input.channel || input.category || input.sign || input.minDrift || input.sort);
  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Drift filters">
      {!isStaleness && (
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          SKU
          <Input aria-label="Search SKU" placeholder="Code, UPC or alias prefix" className="w-52" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
      )}
      {!isStaleness && (
        <LabeledSelect label="Location" value={input.location ?? ""} onChange={(v) => navigate({ location: v || undefined })}>
          <option value="">All locations</option>
          {options?.locations.map((l) => (
            <option key={l.code} value={l.code}>
              {l.code}
            </option>
          ))}
        </LabeledSelect>
      )}
      <LabeledSelect label="Channel" width="w-56" value={input.channel ?? ""} onChange={(v) => navigate({ channel: v || undefined })}>
        <option value="">All channels</option>
        {options?.channels.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name ? `${c.name} (${c.code})` : c.code}
          </option>
        ))}
      </LabeledSelect>
      {!isStaleness && (
        <>
          <LabeledSelect label="Category" value={input.category ?? ""} onChange={(v) => navigate({ category: v || undefined })}>
            <option value="">All categories</option>
            {options?.categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </LabeledSelect>
          <LabeledSelect label="Sign" width="w-44" value={input.sign ?? ""} onChange={(v) => navigate({ sign: v || undefined })}>
            <option value="">Both</option>
            <option value="positive">{input.kind === "system" ? "ERP above WMS" : "Oversell risk (+)"}</option>
            <option value="negative">{input.kind === "system" ? "WMS above ERP" : "Lost sales (−)"}</option>
          </LabeledSelect>
          <label className="flex w-24 flex-col gap-1 text-xs font-medium text-slate-600">
            Min |drift|
            <Input aria-label="Minimum drift" inputMode="numeric" placeholder="0" value={min} onChange={(e) => setMin(e.target.value.replace(/\D/g, ""))} />
          </label>
        </>
      )}
      {input.kind === "channel" && (
        <LabeledSelect label="Sort by" width="w-56" value={input.sort ?? "drift"} onChange={(v) => navigate({ sort: v === "drift" ? undefined : v })}>
          <option value="drift">|drift|, largest first</option>
          <option value="risk">Units at risk (oversell first)</option>
        </LabeledSelect>
      )}
      {hasFilters && (
        <Button size="sm" variant="ghost" className="mb-1" onClick={() => navigate({ q: undefined, location: undefined, channel: undefined, category: undefined, sign: undefined, min: undefined, sort: undefined })}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
