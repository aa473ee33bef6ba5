"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Field, Input } from "@/components/ui/field";
import { Pager, Table, Td, Th } from "@/components/ui/table";
import { useCursorPages } from "@/components/ui/use-cursor-pages";
import { MutationError } from "@/components/ui/mutation-error";

type TSku = { code: string; upc: string | null; name: string | null; category: string | null; aliases: string[] };

function splitList(text: string) {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

function SkuDialog({ sku, onClose }: { sku: TSku | "new"; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isNew = sku === "new";
  const [code, setCode] = useState(isNew ? "" : sku.code);
  const [name, setName] = useState(isNew ? "" : (sku.name ?? ""));
  const [category, setCategory] = useState(isNew ? "" : (sku.category ?? ""));
  const [upc, setUpc] = useState(isNew ? "" : (sku.upc ?? ""));
  const [aliases, setAliases] = useState(isNew ? "" : sku.aliases.join(", "));
  const save = useMutation(
    trpc.masterData.upsert.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.masterData.skus.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.masterData.counts.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title={isNew ? "Add a SKU" : `Edit ${code}`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={save.isPending}
            onClick={() =>
              save.mutate({ skus: [{ code: code.trim(), name: name.trim() || null, category: category.trim() || null, upc: upc.trim() || null, aliases: splitList(aliases) }] })
            }
          >
            {save.isPending ? "Saving…" : "Save"}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <Field label="Code" htmlFor="sku-code" hint="1–64 letters, digits and -_.:/ — it cannot change later">
          <Input id="sku-code" value={code} disabled={!isNew} onChange={(e) => setCode(e.target.value)} autoFocus={isNew} />
        </Field>
        <Field label="Name" htmlFor="sku-name">
          <Input id="sku-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Category" htmlFor="sku-category">
            <Input id="sku-category" value={category} onChange={(e) => setCategory(e.target.value)} />
          </Field>
          <Field label="UPC" htmlFor="sku-upc" hint="8–14 digits">
            <Input id="sku-upc" inputMode="numeric" value={upc} onChange={(e) => setUpc(e.target.value)} />
          </Field>
        </div>
        <Field label="Aliases" htmlFor="sku-aliases" hint="Other systems' identifiers (e.g. shopify:44000000001), comma-separated">
          <Input id="sku-aliases" value={aliases} onChange={(e) => setAliases(e.target.value)} />
        </Field>
        <MutationError error={save.error} />
      </div>
    </Dialog>
  );
}

export function SkusPanel() {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const pages = useCursorPages();
  const [editing, setEditing] = useState<TSku | "new" | null>(null);
  const cursor = pages.cursor;
  const skus = useQuery(trpc.masterData.skus.queryOptions({ q: q || undefined, cursor, limit: 50 }, { placeholderData: (prev) => prev }));
  return (
    <Card
      title="SKUs"
      actions={
        <div className="flex items-center gap-2">
          <Input
            aria-label="Search SKUs"
            placeholder="Search code, UPC, alias or name"
            className="w-72"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              pages.reset();
            }}
          />
          <Button variant="primary" onClick={() => setEditing("new")}>
            Add SKU
          </Button>
        </div>
      }
    >
      <ErrorNote error={skus.error} />
      {skus.isPending ? (
        <LoadingRows />
      ) : skus.data && skus.data.items.length === 0 ? (
        <EmptyState title={q ? `No SKU matches “${q}”` : "No SKUs yet"}>Add one here or send them with PUT /api/v1/master-data.</EmptyState>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>Code</Th>
                <Th>Name</Th>
                <Th>Category</Th>
                <Th>UPC</Th>
                <Th>Aliases</Th>
                <Th />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {skus.data?.items.map((s) => (
                <tr key={s.code} className="hover:bg-slate-50">
                  <Td>
                    <Link href={`/skus/${encodeURIComponent(s.code)}`} className="font-mono text-brand-700 hover:underline">
                      {s.code}
                    </Link>
                  </Td>
                  <Td className="max-w-xs truncate">{s.name ?? "—"}</Td>
                  <Td>{s.category ?? "—"}</Td>
                  <Td className="font-mono text-xs">{s.upc ?? "—"}</Td>
                  <Td className="max-w-xs truncate font-mono text-xs">{s.aliases.join(", ") || "—"}</Td>
                  <Td align="right">
                    <Button size="sm" variant="ghost" onClick={() => setEditing(s)}>
                      Edit
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager
            {...pages.pager(skus.data?.nextCursor)}
            label={`Page ${pages.page}`}
          />
        </>
      )}
      {editing && <SkuDialog sku={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
