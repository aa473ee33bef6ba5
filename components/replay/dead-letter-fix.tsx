"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";

/**
 * "Fix, then replay" for a dead-letter group: an unknown SKU code becomes an alias of a catalogue
 * SKU, an unknown location code an alias of a location (both through the master-data upsert,
 * audited). Other reasons are fixed per event (edit its payload) or by the connector.
 */
export function DeadLetterFix({ reasonCode, field, value }: { reasonCode: string | null | undefined; field?: string | null; value: string | null | undefined }) {
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
      <p className="text-sm text-slate-600">
        {reasonCode === "unknown_sku" && field === "upc"
          ? "An unknown UPC: set it on the right SKU in Settings → SKUs, or edit the events' payloads, then replay."
          : "This reason is not fixed by master data: edit each event's payload (Replays → Dead letters) or have the connector send it again, then replay."}
      </p>
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
