"use client";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";

/** One column of a master-data table. */
export type TMasterDataColumn<T> = { header: string; align?: "right"; className?: string; cell: (row: T) => ReactNode };

/**
 * A Settings master-data list: a card with its add button (and any tools beside it), loading, error
 * and empty states, the table the panel declares by its columns, and each row's Edit button.
 */
export function MasterDataTable<T>({
  title,
  addLabel,
  onAdd,
  tools,
  rows,
  isPending,
  error,
  empty,
  columns,
  rowKey,
  onEdit,
  rowActions,
  footer,
  children,
}: {
  title: string;
  addLabel: string;
  onAdd: () => void;
  /** beside the add button, e.g. a search box */
  tools?: ReactNode;
  rows: T[] | undefined;
  isPending: boolean;
  error: { message: string } | null | undefined;
  empty: { title: string; body?: ReactNode };
  columns: TMasterDataColumn<T>[];
  rowKey: (row: T) => string;
  onEdit: (row: T) => void;
  /** more buttons after Edit */
  rowActions?: (row: T) => ReactNode;
  /** under the table, e.g. a pager */
  footer?: ReactNode;
  /** dialogs */
  children?: ReactNode;
}) {
  return (
    <Card
      title={title}
      actions={
        <div className="flex items-center gap-2">
          {tools}
          <Button variant="primary" onClick={onAdd}>
            {addLabel}
          </Button>
        </div>
      }
    >
      <ErrorNote error={error} />
      {isPending ? (
        <LoadingRows />
      ) : rows?.length === 0 ? (
        <EmptyState title={empty.title}>{empty.body}</EmptyState>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <Th key={c.header} align={c.align}>
                    {c.header}
                  </Th>
                ))}
                <Th />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows?.map((row) => (
                <tr key={rowKey(row)} className="hover:bg-slate-50">
                  {columns.map((c) => (
                    <Td key={c.header} align={c.align} className={c.className}>
                      {c.cell(row)}
                    </Td>
                  ))}
                  <Td align="right" className="space-x-1">
                    <Button size="sm" variant="ghost" onClick={() => onEdit(row)}>
                      Edit
                    </Button>
                    {rowActions?.(row)}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {footer}
        </>
      )}
      {children}
    </Card>
  );
}
