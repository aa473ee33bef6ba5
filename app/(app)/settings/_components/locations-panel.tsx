"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { LOCATION_KINDS } from "@/server/master-data/master-data.types";
import { MutationError } from "@/components/ui/mutation-error";

type TLocation = { code: string; kind: string; name: string | null; aliases: string[]; authoritativeConnector: string | null };

function LocationDialog({ location, onClose }: { location: TLocation | "new"; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const connectors = useQuery(trpc.masterData.connectors.queryOptions());
  const isNew = location === "new";
  const [code, setCode] = useState(isNew ? "" : location.code);
  const [kind, setKind] = useState<(typeof LOCATION_KINDS)[number]>(isNew ? "warehouse" : (location.kind as (typeof LOCATION_KINDS)[number]));
  const [name, setName] = useState(isNew ? "" : (location.name ?? ""));
  const [aliases, setAliases] = useState(isNew ? "" : location.aliases.join(", "));
  const [authority, setAuthority] = useState(isNew ? "" : (location.authoritativeConnector ?? ""));
  const save = useMutation(
    trpc.masterData.upsert.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.masterData.locations.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title={isNew ? "Add a location" : `Edit ${code}`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={save.isPending}
            onClick={() =>
              save.mutate({
                locations: [{ code: code.trim(), kind, name: name.trim() || null, aliases: aliases.split(/[\s,]+/).filter(Boolean), authoritativeConnector: authority || null }],
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
          <Field label="Code" htmlFor="loc-code">
            <Input id="loc-code" value={code} disabled={!isNew} onChange={(e) => setCode(e.target.value)} />
          </Field>
          <Field label="Kind" htmlFor="loc-kind">
            <Select id="loc-kind" value={kind} onChange={(e) => setKind(e.target.value as (typeof LOCATION_KINDS)[number])}>
              {LOCATION_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label="Name" htmlFor="loc-name">
          <Input id="loc-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Authoritative connector" htmlFor="loc-authority" hint="The system whose physical stock counts here; none means any connector's physical events count.">
          <Select id="loc-authority" value={authority} onChange={(e) => setAuthority(e.target.value)}>
            <option value="">— none —</option>
            {connectors.data?.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} ({c.kind})
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Aliases" htmlFor="loc-aliases" hint="Other systems' location ids (e.g. shopify-loc:61001), comma-separated">
          <Input id="loc-aliases" value={aliases} onChange={(e) => setAliases(e.target.value)} />
        </Field>
        <MutationError error={save.error} />
      </div>
    </Dialog>
  );
}

export function LocationsPanel() {
  const trpc = useTRPC();
  const locations = useQuery(trpc.masterData.locations.queryOptions());
  const [editing, setEditing] = useState<TLocation | "new" | null>(null);
  return (
    <Card title="Locations" actions={<Button variant="primary" onClick={() => setEditing("new")}>Add location</Button>}>
      <ErrorNote error={locations.error} />
      {locations.isPending ? (
        <LoadingRows />
      ) : locations.data?.length === 0 ? (
        <EmptyState title="No locations yet" />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Code</Th>
              <Th>Kind</Th>
              <Th>Name</Th>
              <Th>Authoritative connector</Th>
              <Th>Aliases</Th>
              <Th />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {locations.data?.map((l) => (
              <tr key={l.code}>
                <Td className="font-mono">{l.code}</Td>
                <Td>{l.kind}</Td>
                <Td>{l.name ?? "—"}</Td>
                <Td className="font-mono text-xs">{l.authoritativeConnector ?? "any"}</Td>
                <Td className="font-mono text-xs">{l.aliases.join(", ") || "—"}</Td>
                <Td align="right">
                  <Button size="sm" variant="ghost" onClick={() => setEditing(l)}>
                    Edit
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editing && <LocationDialog location={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
