"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { formatDuration } from "@/components/ui/format";
import { CHANNEL_KINDS } from "@/server/master-data/master-data.types";
import { MasterDataDialog, splitList, textOrNull, type TMasterDataFieldRow } from "./master-data-dialog";
import { MasterDataTable, type TMasterDataColumn } from "./master-data-table";

type TKind = (typeof CHANNEL_KINDS)[number];
type TChannel = { code: string; kind: string; name: string | null; priority: number; freshnessSloSeconds: number; orderAllocationSloSeconds: number; eligibleLocations: string[] };

const COLUMNS: TMasterDataColumn<TChannel>[] = [
  { header: "Code", className: "font-mono", cell: (c) => c.code },
  { header: "Kind", cell: (c) => c.kind },
  { header: "Name", cell: (c) => c.name ?? "—" },
  { header: "Priority", align: "right", cell: (c) => c.priority },
  { header: "Freshness SLO", align: "right", cell: (c) => formatDuration(c.freshnessSloSeconds) },
  { header: "Eligible locations", className: "font-mono text-xs", cell: (c) => c.eligibleLocations.join(", ") || "—" },
];

function ChannelDialog({ channel, onClose }: { channel: TChannel | "new"; onClose: () => void }) {
  const trpc = useTRPC();
  const locations = useQuery(trpc.masterData.locations.queryOptions());
  const isNew = channel === "new";
  const fields: TMasterDataFieldRow[] = [
    [
      { key: "code", label: "Code", isCode: true },
      { key: "kind", label: "Kind", type: "select", options: CHANNEL_KINDS.map((k) => ({ value: k, label: k })) },
    ],
    { key: "name", label: "Name" },
    [
      { key: "slo", label: "Freshness SLO (seconds)", hint: "How stale its feed may get before it counts as stale", type: "number", min: 1 },
      { key: "priority", label: "Priority", hint: "Higher ranks its exceptions higher", type: "number", min: 0 },
    ],
    { key: "allocationSlo", label: "Order allocation SLO (seconds)", hint: "An order not reserved, picked or cancelled this long after creation is stuck in pending allocation", type: "number", min: 1 },
    { key: "eligible", label: "Eligible locations (stock it may sell from)", type: "checkboxes", options: (locations.data ?? []).map((l) => ({ value: l.code, label: l.code })) },
  ];
  return (
    <MasterDataDialog
      noun="channel"
      idPrefix="ch"
      isNew={isNew}
      initial={
        isNew
          ? { kind: "shopify", slo: "300", priority: "0", allocationSlo: "900", eligible: [] }
          : {
              code: channel.code,
              kind: channel.kind,
              name: channel.name ?? "",
              slo: String(channel.freshnessSloSeconds),
              priority: String(channel.priority),
              allocationSlo: String(channel.orderAllocationSloSeconds),
              eligible: channel.eligibleLocations,
            }
      }
      fields={fields}
      toInput={(v) => ({
        channels: [
          { code: textOrNull(v.code) ?? "", kind: v.kind as TKind, name: textOrNull(v.name), freshnessSloSeconds: Number(v.slo), priority: Number(v.priority), orderAllocationSloSeconds: Number(v.allocationSlo), eligibleLocations: splitList(v.eligible) },
        ],
      })}
      invalidate={[trpc.masterData.channels.queryKey()]}
      onClose={onClose}
    />
  );
}

export function ChannelsPanel() {
  const trpc = useTRPC();
  const channels = useQuery(trpc.masterData.channels.queryOptions());
  const [editing, setEditing] = useState<TChannel | "new" | null>(null);
  return (
    <MasterDataTable
      title="Channels"
      addLabel="Add channel"
      onAdd={() => setEditing("new")}
      rows={channels.data}
      isPending={channels.isPending}
      error={channels.error}
      empty={{ title: "No channels yet" }}
      columns={COLUMNS}
      rowKey={(c) => c.code}
      onEdit={setEditing}
    >
      {editing && <ChannelDialog channel={editing} onClose={() => setEditing(null)} />}
    </MasterDataTable>
  );
}
