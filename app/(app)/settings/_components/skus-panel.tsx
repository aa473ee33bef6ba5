"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Input } from "@/components/ui/field";
import { Pager } from "@/components/ui/table";
import { useCursorPages } from "@/components/ui/use-cursor-pages";
import { MasterDataDialog, splitList, textOrNull, type TMasterDataFieldRow } from "./master-data-dialog";
import { MasterDataTable, type TMasterDataColumn } from "./master-data-table";

type TSku = { code: string; upc: string | null; name: string | null; category: string | null; aliases: string[] };

const COLUMNS: TMasterDataColumn<TSku>[] = [
  {
    header: "Code",
    cell: (s) => (
      <Link href={`/skus/${encodeURIComponent(s.code)}`} className="font-mono text-brand-700 hover:underline">
        {s.code}
      </Link>
    ),
  },
  { header: "Name", className: "max-w-xs truncate", cell: (s) => s.name ?? "—" },
  { header: "Category", cell: (s) => s.category ?? "—" },
  { header: "UPC", className: "font-mono text-xs", cell: (s) => s.upc ?? "—" },
  { header: "Aliases", className: "max-w-xs truncate font-mono text-xs", cell: (s) => s.aliases.join(", ") || "—" },
];

const FIELDS: TMasterDataFieldRow[] = [
  { key: "code", label: "Code", isCode: true, hint: "1–64 letters, digits and -_.:/ — it cannot change later" },
  { key: "name", label: "Name" },
  [
    { key: "category", label: "Category" },
    { key: "upc", label: "UPC", hint: "8–14 digits", inputMode: "numeric" },
  ],
  { key: "aliases", label: "Aliases", hint: "Other systems' identifiers (e.g. shopify:44000000001), comma-separated" },
];

function SkuDialog({ sku, onClose }: { sku: TSku | "new"; onClose: () => void }) {
  const trpc = useTRPC();
  const isNew = sku === "new";
  return (
    <MasterDataDialog
      noun="SKU"
      idPrefix="sku"
      isNew={isNew}
      initial={isNew ? {} : { code: sku.code, name: sku.name ?? "", category: sku.category ?? "", upc: sku.upc ?? "", aliases: sku.aliases.join(", ") }}
      fields={FIELDS}
      toInput={(v) => ({ skus: [{ code: textOrNull(v.code) ?? "", name: textOrNull(v.name), category: textOrNull(v.category), upc: textOrNull(v.upc), aliases: splitList(v.aliases) }] })}
      invalidate={[trpc.masterData.skus.pathKey(), trpc.masterData.counts.queryKey()]}
      onClose={onClose}
    />
  );
}

export function SkusPanel() {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const pages = useCursorPages();
  const [editing, setEditing] = useState<TSku | "new" | null>(null);
  const skus = useQuery(trpc.masterData.skus.queryOptions({ q: q || undefined, cursor: pages.cursor, limit: 50 }, { placeholderData: (prev) => prev }));
  return (
    <MasterDataTable
      title="SKUs"
      addLabel="Add SKU"
      onAdd={() => setEditing("new")}
      tools={
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
      }
      rows={skus.data?.items}
      isPending={skus.isPending}
      error={skus.error}
      empty={{ title: q ? `No SKU matches “${q}”` : "No SKUs yet", body: "Add one here or send them with PUT /api/v1/master-data." }}
      columns={COLUMNS}
      rowKey={(s) => s.code}
      onEdit={setEditing}
      footer={<Pager {...pages.pager(skus.data?.nextCursor)} label={`Page ${pages.page}`} />}
    >
      {editing && <SkuDialog sku={editing} onClose={() => setEditing(null)} />}
    </MasterDataTable>
  );
}
