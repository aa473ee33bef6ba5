"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { TargetChain } from "@/components/policies/target-chain";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { formatNumber } from "@/components/ui/format";

/** Why one SKU × channel has the target it has: the chain under the current version or the open draft. */
export function ExplainerPanel({ draftId }: { draftId: string | null }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.masterData.channels.queryOptions());
  const [sku, setSku] = useState("");
  const [channel, setChannel] = useState("");
  const [useDraft, setUseDraft] = useState(true);
  const [asked, setAsked] = useState<{ sku: string; channel: string } | null>(null);
  // The draft follows the page: once it is published or closed, the explainer uses the current version.
  const input = asked ? { ...asked, ...(draftId && useDraft ? { draftId } : {}) } : { sku: "-", channel: "-" };
  const explain = useQuery(trpc.policies.explain.queryOptions(input, { enabled: !!asked }));
  const chosenChannel = channel || channels.data?.[0]?.code || "";
  return (
    <Card title="Explain a target">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (sku.trim() && chosenChannel) setAsked({ sku: sku.trim(), channel: chosenChannel });
        }}
      >
        <Field label="SKU" htmlFor="explain-sku">
          <Input id="explain-sku" value={sku} onChange={(e) => setSku(e.target.value)} placeholder="e.g. FAS-10001" className="w-48" />
        </Field>
        <Field label="Channel" htmlFor="explain-channel">
          <Select id="explain-channel" value={chosenChannel} onChange={(e) => setChannel(e.target.value)} className="w-40">
            {channels.data?.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}
              </option>
            ))}
          </Select>
        </Field>
        {draftId && (
          <label className="flex items-center gap-1.5 pb-2 text-sm text-slate-700">
            <input type="checkbox" checked={useDraft} onChange={(e) => setUseDraft(e.target.checked)} /> with the open draft&apos;s rules
          </label>
        )}
        <Button type="submit" variant="secondary">
          Explain
        </Button>
      </form>
      <div className="mt-4">
        <ErrorNote error={explain.error} />
        {asked && explain.isPending && <LoadingRows rows={3} />}
        {explain.data && (
          <>
            <p className="mb-2 text-xs text-slate-500">
              Under {explain.data.source.kind === "draft" ? `draft ${explain.data.source.id}` : explain.data.source.version ? `version ${explain.data.source.version}` : "no published version"}; stored target now:{" "}
              {explain.data.storedTarget === null ? "none yet" : formatNumber(explain.data.storedTarget)}.
            </p>
            <TargetChain trace={explain.data.trace} />
          </>
        )}
      </div>
    </Card>
  );
}
