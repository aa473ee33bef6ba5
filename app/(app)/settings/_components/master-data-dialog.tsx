"use client";
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";
import type { TMasterData, TMasterDataResult } from "@/server/master-data/master-data.types";

export type TFormValues = Record<string, string | string[]>;

/** One input of a master-data form. `key` also names its element id (`${idPrefix}-${key}`). */
export type TMasterDataField = {
  key: string;
  label: string;
  hint?: ReactNode;
  type?: "text" | "number" | "password" | "select" | "checkboxes";
  options?: { value: string; label: string }[];
  /** the record's code: typed once, fixed when editing */
  isCode?: boolean;
  min?: number;
  inputMode?: "numeric";
};

/** A field, or two side by side. */
export type TMasterDataFieldRow = TMasterDataField | [TMasterDataField, TMasterDataField];

/** "a, b c" → ["a", "b", "c"]: aliases and other lists typed in one input. */
export function splitList(text: string | string[] | undefined): string[] {
  if (Array.isArray(text)) return text;
  return (text ?? "").split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

/** The text of a field as typed (trimmed), or null when left empty. */
export function textOrNull(value: string | string[] | undefined): string | null {
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

function FieldInput({ field, id, value, isEditing, onChange }: { field: TMasterDataField; id: string; value: string | string[]; isEditing: boolean; onChange: (v: string | string[]) => void }) {
  if (field.type === "checkboxes") {
    const checked = Array.isArray(value) ? value : [];
    return (
      <fieldset>
        <legend className="text-xs font-medium text-slate-700">{field.label}</legend>
        <div className="mt-1 grid grid-cols-2 gap-1">
          {field.options?.map((o) => (
            <label key={o.value} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={checked.includes(o.value)} onChange={(e) => onChange(e.target.checked ? [...checked, o.value] : checked.filter((c) => c !== o.value))} />
              <span className="font-mono text-xs">{o.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  const text = typeof value === "string" ? value : "";
  const control =
    field.type === "select" ? (
      <Select id={id} value={text} onChange={(e) => onChange(e.target.value)}>
        {field.options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    ) : (
      <Input
        id={id}
        type={field.type ?? "text"}
        min={field.min}
        inputMode={field.inputMode}
        autoComplete={field.type === "password" ? "off" : undefined}
        value={text}
        disabled={field.isCode && isEditing}
        autoFocus={field.isCode && !isEditing}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  return (
    <Field label={field.label} htmlFor={id} hint={field.hint}>
      {control}
    </Field>
  );
}

/**
 * The add/edit dialog of one master-data record: the panel declares its fields, their values for a
 * new or an existing record, and how the values become a PUT /api/v1/master-data body.
 */
export function MasterDataDialog({
  noun,
  idPrefix,
  isNew,
  initial,
  fields,
  toInput,
  invalidate,
  saveLabel = "Save",
  onSaved,
  onClose,
}: {
  noun: string;
  idPrefix: string;
  isNew: boolean;
  initial: TFormValues;
  fields: TMasterDataFieldRow[];
  toInput: (values: TFormValues) => TMasterData;
  invalidate: QueryKey[];
  saveLabel?: string;
  /** after the lists are refreshed; the dialog closes unless it returns true (it showed something else) */
  onSaved?: (result: TMasterDataResult, values: TFormValues) => boolean | void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<TFormValues>(initial);
  const save = useMutation(
    trpc.masterData.upsert.mutationOptions({
      onSuccess: async (result) => {
        for (const queryKey of invalidate) await queryClient.invalidateQueries({ queryKey });
        if (!onSaved?.(result, values)) onClose();
      },
    }),
  );
  const code = typeof values.code === "string" ? values.code : "";
  const input = (field: TMasterDataField) => (
    <FieldInput key={field.key} field={field} id={`${idPrefix}-${field.key}`} value={values[field.key] ?? ""} isEditing={!isNew} onChange={(v) => setValues((cur) => ({ ...cur, [field.key]: v }))} />
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title={isNew ? `Add a ${noun}` : `Edit ${code}`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={save.isPending} onClick={() => save.mutate(toInput(values))}>
            {save.isPending ? "Saving…" : saveLabel}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        {fields.map((row) =>
          Array.isArray(row) ? (
            <div key={row.map((f) => f.key).join("+")} className="grid grid-cols-2 gap-3">
              {row.map(input)}
            </div>
          ) : (
            input(row)
          ),
        )}
        <MutationError error={save.error} />
      </div>
    </Dialog>
  );
}
