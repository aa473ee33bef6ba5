"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { formatDuration } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { CHANNEL_KINDS } from "@/server/master-data/master-data.types";
import { MutationError } from "@/components/ui/mutation-error";

type TKind = (typeof CHANNEL_KINDS)[number];
type TChannel = { code: string; kind: string; name: string | null; priority: number; freshnessSloSeconds: number; orderAllocationSloSeconds: number; eligibleLocations: string[] };

function ChannelDialog({ channel, onClose }: { channel: TChannel | "new"; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const locations = useQuery(trpc.masterData.locations.queryOptions());
  const isNew = channel === "new";
  const [code, setCode] = useState(isNew ? "" : channel.code);
  const [kind, setKind] = useState<TKind>(isNew ? "shopify" : (channel.kind as TKind));
  const [name, setName] = useState(isNew ? "" : (channel.name ?? ""));
  const [slo, setSlo] = useState(String(isNew ? 300 : channel.freshnessSloSeconds));
  const [priority, setPriority] = useState(String(isNew ? 0 : channel.priority));
  const [allocationSlo, setAllocationSlo] = useState(String(isNew ? 900 : channel.orderAllocationSloSeconds));
  const [eligible, setEligible] = useState<string[]>(isNew ? [] : channel.eligibleLocations);
  const save = useMutation(
    trpc.masterData.upsert.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.masterData.channels.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title={isNew ? "Add a channel" : `Edit ${code}`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={save.isPending}
            onClick={() =>
              save.mutate({
                channels: [{ code: code.trim(), kind, name: name.trim() || null, freshnessSloSeconds: Number(slo), priority: Number(priority), orderAllocationSloSeconds: Number(allocationSlo), eligibleLocations: eligible }],
              })
            }
          >
            {save.isPending ? "Saving…" : "Save"}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <div className="grid grid-cols-2 gap-3">
          <Field label="Code" htmlFor="ch-code">
            <Input id="ch-code" value={code} disabled={!isNew} onChange={(e) => setCode(e.target.value)} />
          </Field>
          <Field label="Kind" htmlFor="ch-kind">
            <Select id="ch-kind" value={kind} onChange={(e) => setKind(e.target.value as TKind)}>
              {CHANNEL_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label="Name" htmlFor="ch-name">
          <Input id="ch-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Freshness SLO (seconds)" htmlFor="ch-slo" hint="How stale its feed may get before it counts as stale">
            <Input id="ch-slo" type="number" min={1} value={slo} onChange={(e) => setSlo(e.target.value)} />
          </Field>
          <Field label="Priority" htmlFor="ch-priority" hint="Higher ranks its exceptions higher">
            <Input id="ch-priority" type="number" min={0} value={priority} onChange={(e) => setPriority(e.target.value)} />
          </Field>
        </div>
        <Field label="Order allocation SLO (seconds)" htmlFor="ch-allocation" hint="An order not reserved, picked or cancelled this long after creation is stuck in pending allocation">
          <Input id="ch-allocation" type="number" min={1} value={allocationSlo} onChange={(e) => setAllocationSlo(e.target.value)} />
        </Field>
        <fieldset>
          <legend className="text-xs font-medium text-slate-700">Eligible locations (stock it may sell from)</legend>
          <div className="mt-1 grid grid-cols-2 gap-1">
            {locations.data?.map((l) => (
              <label key={l.code} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={eligible.includes(l.code)}
                  onChange={(e) => setEligible((cur) => (e.target.checked ? [...cur, l.code] : cur.filter((c) => c !== l.code)))}
                />
                <span className="font-mono text-xs">{l.code}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <MutationError error={save.error} />
      </div>
    </Dialog>
  );
}

export function ChannelsPanel() {
  const trpc = useTRPC();
  const channels = useQuery(trpc.masterData.channels.queryOptions());
  const [editing, setEditing] = useState<TChannel | "new" | null>(null);
  return (
    <Card title="Channels" actions={<Button variant="primary" onClick={() => setEditing("new")}>Add channel</Button>}>
      <ErrorNote error={channels.error} />
      {channels.isPending ? (
        <LoadingRows />
      ) : channels.data?.length === 0 ? (
        <EmptyState title="No channels yet" />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Code</Th>
              <Th>Kind</Th>
              <Th>Name</Th>
              <Th align="right">Priority</Th>
              <Th align="right">Freshness SLO</Th>
              <Th>Eligible locations</Th>
              <Th />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {channels.data?.map((c) => (
              <tr key={c.code}>
                <Td className="font-mono">{c.code}</Td>
                <Td>{c.kind}</Td>
                <Td>{c.name ?? "—"}</Td>
                <Td align="right">{c.priority}</Td>
                <Td align="right">{formatDuration(c.freshnessSloSeconds)}</Td>
                <Td className="font-mono text-xs">{c.eligibleLocations.join(", ") || "—"}</Td>
                <Td align="right">
                  <Button size="sm" variant="ghost" onClick={() => setEditing(c)}>
                    Edit
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editing && <ChannelDialog channel={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
