"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNote } from "@/components/ui/empty-state";
import { Field, Input, Textarea } from "@/components/ui/field";

function CodeChecks({ label, codes, selected, onChange }: { label: string; codes: string[]; selected: string[]; onChange: (next: string[]) => void }) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-xs font-medium text-slate-700">{label}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {codes.map((c) => (
          <label key={c} className="inline-flex items-center gap-1.5 text-sm text-slate-700">
            <input type="checkbox" checked={selected.includes(c)} onChange={(e) => onChange(e.target.checked ? [...selected, c] : selected.filter((x) => x !== c))} />
            <span className="font-mono text-xs">{c}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** "Run now": everything by default, or a scope; the run's page follows its progress. */
export function RunNow() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [locations, setLocations] = useState<string[]>([]);
  const [channels, setChannels] = useState<string[]>([]);
  const [skus, setSkus] = useState("");
  const options = useQuery({ ...trpc.drift.filterOptions.queryOptions(), enabled: open });
  const start = useMutation(
    trpc.reconciliation.start.mutationOptions({
      onSuccess: async (run) => {
        await queryClient.invalidateQueries({ queryKey: trpc.reconciliation.pathKey() });
        setOpen(false);
        router.push(`/reconciliation/${run.id}`);
      },
    }),
  );
  const skuCodes = skus.split(/[\s,]+/).filter(Boolean);
  const submit = () =>
    start.mutate({
      note: note.trim() || undefined,
      scope: {
        ...(locations.length ? { locations } : {}),
        ...(channels.length ? { channels } : {}),
        ...(skuCodes.length ? { skus: skuCodes } : {}),
      },
    });
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Run now
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Run a reconciliation"
        footer={
          <>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button variant="primary" disabled={start.isPending} onClick={submit}>
              Start run
            </Button>
          </>
        }
      >
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <p className="text-sm text-slate-600">
            Compares every system&apos;s on hand with the canonical book per SKU × location, and every channel&apos;s exposure with its target, at one instant. It runs in the
            background (ingest carries on) and is kept as a report. Leave the scope empty to reconcile everything.
          </p>
          <Field label="Note (optional, kept with the run)" htmlFor="run-note">
            <Textarea id="run-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. before the quarterly stock count" />
          </Field>
          <CodeChecks label="Only these locations" codes={options.data?.locations.map((l) => l.code) ?? []} selected={locations} onChange={setLocations} />
          <CodeChecks label="Only these channels" codes={options.data?.channels.map((c) => c.code) ?? []} selected={channels} onChange={setChannels} />
          <Field label="Only these SKUs (codes, separated by spaces or commas)" htmlFor="run-skus" hint="Naming only locations reconciles only location lines; naming only channels, only channel lines.">
            <Input id="run-skus" value={skus} onChange={(e) => setSkus(e.target.value)} />
          </Field>
          <ErrorNote error={start.error} />
        </form>
      </Dialog>
    </>
  );
}
