"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { LOCATION_KINDS } from "@/server/master-data/master-data.types";
import { MasterDataDialog, splitList, textOrNull, type TMasterDataFieldRow } from "./master-data-dialog";
import { MasterDataTable, type TMasterDataColumn } from "./master-data-table";

type TLocation = { code: string; kind: string; name: string | null; aliases: string[]; authoritativeConnector: string | null };
type TKind = (typeof LOCATION_KINDS)[number];

const COLUMNS: TMasterDataColumn<TLocation>[] = [
  { header: "Code", className: "font-mono", cell: (l) => l.code },
  { header: "Kind", cell: (l) => l.kind },
  { header: "Name", cell: (l) => l.name ?? "—" },
  { header: "Authoritative connector", className: "font-mono text-xs", cell: (l) => l.authoritativeConnector ?? "any" },
  { header: "Aliases", className: "font-mono text-xs", cell: (l) => l.aliases.join(", ") || "—" },
];

function LocationDialog({ location, onClose }: { location: TLocation | "new"; onClose: () => void }) {
  const trpc = useTRPC();
  const connectors = useQuery(trpc.masterData.connectors.queryOptions());
  const isNew = location === "new";
  const fields: TMasterDataFieldRow[] = [
    [
      { key: "code", label: "Code", isCode: true },
      { key: "kind", label: "Kind", type: "select", options: LOCATION_KINDS.map((k) => ({ value: k, label: k })) },
    ],
    { key: "name", label: "Name" },
    {
      key: "authority",
      label: "Authoritative connector",
      hint: "The system whose physical stock counts here; none means any connector's physical events count.",
      type: "select",
      options: [{ value: "", label: "— none —" }, ...(connectors.data ?? []).map((c) => ({ value: c.code, label: `${c.code} (${c.kind})` }))],
    },
    { key: "aliases", label: "Aliases", hint: "Other systems' location ids (e.g. shopify-loc:61001), comma-separated" },
  ];
  return (
    <MasterDataDialog
      noun="location"
      idPrefix="loc"
      isNew={isNew}
      initial={isNew ? { kind: "warehouse" } : { code: location.code, kind: location.kind, name: location.name ?? "", authority: location.authoritativeConnector ?? "", aliases: location.aliases.join(", ") }}
      fields={fields}
      toInput={(v) => ({
        locations: [{ code: textOrNull(v.code) ?? "", kind: v.kind as TKind, name: textOrNull(v.name), aliases: splitList(v.aliases), authoritativeConnector: textOrNull(v.authority) }],
      })}
      invalidate={[trpc.masterData.locations.queryKey()]}
      onClose={onClose}
    />
  );
}

export function LocationsPanel() {
  const trpc = useTRPC();
  const locations = useQuery(trpc.masterData.locations.queryOptions());
  const [editing, setEditing] = useState<TLocation | "new" | null>(null);
  return (
    <MasterDataTable
      title="Locations"
      addLabel="Add location"
      onAdd={() => setEditing("new")}
      rows={locations.data}
      isPending={locations.isPending}
      error={locations.error}
      empty={{ title: "No locations yet" }}
      columns={COLUMNS}
      rowKey={(l) => l.code}
      onEdit={setEditing}
    >
      {editing && <LocationDialog location={editing} onClose={() => setEditing(null)} />}
    </MasterDataTable>
  );
}
