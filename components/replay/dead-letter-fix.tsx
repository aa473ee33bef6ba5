"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { PayloadEditDialog } from "./payload-edit-dialog";

/** A group's rejected events with "Edit payload" (for reasons master data does not fix). */
function EditableEvents({ exceptionId }: { exceptionId: number }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState<{ id: string; payload: unknown } | null>(null);
  const events = useQuery(trpc.replays.deadLetters.queryOptions({ exceptionId, status: "rejected", limit: 10 }));
  if (!events.data?.items.length) return null;
  return (
    <>
      <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200 text-xs" aria-label="Rejected events to edit">
        {events.data.items.map((e) => (
          <li key={e.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-1.5">
            <span className="font-mono text-slate-500">#{e.id}</span>
            <span className="font-mono">{e.eventId ?? "—"}</span>
            <span>{e.type ?? "—"}</span>
            <span className="text-red-700">{e.reasons?.[0] ? `${e.reasons[0].code}: ${e.reasons[0].message}` : ""}</span>
            {e.edits > 0 && <span className="text-slate-500">edited {e.edits}×</span>}
            {e.eventId && (
              <Button size="sm" className="ml-auto" onClick={() => setEditing({ id: e.id, payload: e.payload })}>
                Edit payload…
              </Button>
            )}
          </li>
        ))}
      </ul>
      {editing && <PayloadEditDialog id={editing.id} payload={editing.payload} onClose={() => setEditing(null)} />}
    </>
  );
}

/**
 * "Fix, then replay" for a dead-letter group: an unknown SKU code becomes an alias of a catalogue
 * SKU, an unknown location code an alias of a location (both through the master-data upsert,
 * audited). Other reasons are fixed per event (edit its payload) or by the connector.
 */
export function DeadLetterFix({ reasonCode, field, value, exceptionId }: { reasonCode: string | null | undefined; field?: string | null; value: string | null | undefined; exceptionId?: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [target, setTarget] = useState("");
  const isSku = reasonCode === "unknown_sku" && field !== "upc";
  const isLocation = reasonCode === "unknown_location";
  const skus = useQuery({ ...trpc.masterData.skus.queryOptions({ q: target.trim(), limit: 8 }), enabled: isSku && target.trim().length > 0 });
  const locations = useQuery({ ...trpc.masterData.locations.queryOptions(), enabled: isLocation });
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: trpc.replays.pathKey() });
  const skuAlias = useMutation(trpc.replays.addSkuAlias.mutationOptions({ onSuccess }));
  const locationAlias = useMutation(trpc.replays.addLocationAlias.mutationOptions({ onSuccess }));
  const mutation = isSku ? skuAlias : locationAlias;

  if (!value || (!isSku && !isLocation)) {
    return (
      <div>
        <p className="text-sm text-slate-600">
          {reasonCode === "unknown_sku" && field === "upc"
            ? "An unknown UPC: set it on the right SKU in Settings → SKUs, or correct the events' payloads, then replay."
            : "This reason is not fixed by master data: correct each event's payload (the original is kept) or have the connector send it again, then replay."}
        </p>
        {exceptionId !== undefined && <EditableEvents exceptionId={exceptionId} />}
      </div>
    );
  }
  const done = mutation.data;
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!target.trim()) return;
        if (isSku) skuAlias.mutate({ sku: target.trim(), alias: value });
        else locationAlias.mutate({ location: target, alias: value });
      }}
    >
      <label htmlFor={id} className="block text-sm text-slate-700">
        {isSku ? (
          <>
            <span className="font-mono">{value}</span> is not in the catalogue. Which SKU is it? It becomes one of that SKU&apos;s aliases:
          </>
        ) : (
          <>
            <span className="font-mono">{value}</span> is not a known location. Map it to:
          </>
        )}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        {isSku ? (
          <>
            <div className="w-64">
              <Input id={id} list={`${id}-skus`} className="font-mono" placeholder="catalogue SKU code" value={target} onChange={(e) => setTarget(e.target.value)} aria-label="SKU the unknown code stands for" />
            </div>
            <datalist id={`${id}-skus`}>
              {skus.data?.items.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name ?? ""}
                </option>
              ))}
            </datalist>
          </>
        ) : (
          <div className="w-64">
          <Select id={id} value={target} onChange={(e) => setTarget(e.target.value)} aria-label="Location the unknown code stands for">
            <option value="">Choose a location…</option>
            {locations.data?.map((l) => (
              <option key={l.code} value={l.code}>
                {l.code}
                {l.name ? ` — ${l.name}` : ""}
              </option>
            ))}
          </Select>
          </div>
        )}
        <Button type="submit" variant="secondary" disabled={mutation.isPending || !target.trim()}>
          {isSku ? "Add alias" : "Map location"}
        </Button>
      </div>
      {mutation.error && (
        <p role="alert" className="text-sm text-red-700">
          {mutation.error.message}
        </p>
      )}
      {done && (
        <p role="status" className="text-sm text-emerald-800">
          {done.isNew ? "Added" : "Already there"}: <span className="font-mono">{value}</span> → <span className="font-mono">{"sku" in done ? done.sku : done.location}</span> (audited). Now preview the replay.
        </p>
      )}
    </form>
  );
}
