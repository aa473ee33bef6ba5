"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Field, Input } from "@/components/ui/field";

/** The reconciliation tolerances: a line within them is `within_tolerance` rather than `variance`. */
export function TolerancesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.reconciliation.settings.queryOptions());
  const [units, setUnits] = useState("");
  const [percent, setPercent] = useState("");
  useEffect(() => {
    if (!settings.data) return;
    setUnits(String(settings.data.toleranceUnits));
    setPercent(String(settings.data.tolerancePercent));
  }, [settings.data]);
  const save = useMutation(trpc.reconciliation.saveSettings.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.reconciliation.settings.queryKey() }) }));
  if (settings.isPending) return <LoadingRows rows={3} />;
  const isDirty = settings.data && (units !== String(settings.data.toleranceUnits) || percent !== String(settings.data.tolerancePercent));
  return (
    <Card title="Reconciliation tolerances">
      <form
        className="max-w-xl space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ toleranceUnits: Number(units), tolerancePercent: Number(percent) });
        }}
      >
        <p className="text-sm text-slate-600">
          A line whose spread is no more than the larger of these two is <em>within tolerance</em> rather than a <em>variance</em>: a few units of shrinkage on a big book
          need not be chased. A change applies from the next run; a run keeps the tolerances it started with.
        </p>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Units" htmlFor="tolerance-units" hint="whole units of spread (0: none)">
            <Input id="tolerance-units" type="number" min={0} step={1} value={units} onChange={(e) => setUnits(e.target.value)} />
          </Field>
          <Field label="Percent of the book" htmlFor="tolerance-percent" hint="of canonical on hand (of the target for channel lines), 0–100">
            <Input id="tolerance-percent" type="number" min={0} max={100} step="any" value={percent} onChange={(e) => setPercent(e.target.value)} />
          </Field>
        </div>
        <div className="flex items-center gap-3">
          <Button type="submit" variant="primary" disabled={!isDirty || save.isPending || units === "" || percent === ""}>
            Save tolerances
          </Button>
          {save.isSuccess && !isDirty && <span className="text-sm text-emerald-700">Saved: they apply from the next run.</span>}
        </div>
        <ErrorNote error={save.error} />
      </form>
    </Card>
  );
}
