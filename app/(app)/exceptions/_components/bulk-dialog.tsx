"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { formatNumber } from "@/components/ui/format";

export type TBulkKind = "acknowledge" | "assign" | "snooze" | "resolve";
export type TBulkParams = { until?: string; assignee?: string | null; note?: string };

const VERB: Record<TBulkKind, string> = { acknowledge: "Acknowledge", assign: "Assign", snooze: "Snooze", resolve: "Resolve" };
export const SNOOZE_CHOICES = [
  { label: "1 hour", hours: 1 },
  { label: "4 hours", hours: 4 },
  { label: "1 day", hours: 24 },
  { label: "3 days", hours: 72 },
];

/** Confirms a bulk action, naming how many groups it will touch, and asks for what it needs. */
export function BulkDialog({
  action,
  count,
  isAllMatching,
  viewerEmail,
  isPending,
  error,
  onConfirm,
  onClose,
}: {
  action: TBulkKind;
  count: number | null;
  isAllMatching: boolean;
  viewerEmail: string;
  isPending: boolean;
  error: string | null;
  onConfirm: (params: TBulkParams) => void;
  onClose: () => void;
}) {
  const [hours, setHours] = useState(4);
  const [assignee, setAssignee] = useState(viewerEmail);
  const [note, setNote] = useState("");
  const what = count === null ? "…" : `${formatNumber(count)} exception${count === 1 ? "" : "s"}`;
  const confirm = () =>
    onConfirm(
      action === "snooze"
        ? { until: new Date(Date.now() + hours * 3600_000).toISOString() }
        : action === "assign"
          ? { assignee: assignee.trim() === "" ? null : assignee.trim() }
          : action === "resolve"
            ? { note: note.trim() || undefined }
            : {},
    );
  return (
    <Dialog
      open
      onClose={onClose}
      title={`${VERB[action]} ${what}?`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={isPending || count === 0 || count === null} onClick={confirm}>
            {isPending ? "Working…" : `${VERB[action]} ${what}`}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm">
        <p className="text-slate-600">
          {isAllMatching ? `Every group the current filters match (${what}).` : `The ${what} you selected.`} Groups whose state does not allow it are skipped and reported.
        </p>
        {action === "snooze" && (
          <Field label="Snooze for" htmlFor="bulk-snooze">
            <Select id="bulk-snooze" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {SNOOZE_CHOICES.map((c) => (
                <option key={c.hours} value={c.hours}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {action === "assign" && (
          <Field label="Assignee (email; empty to unassign)" htmlFor="bulk-assignee">
            <Input id="bulk-assignee" type="email" value={assignee} onChange={(e) => setAssignee(e.target.value)} />
          </Field>
        )}
        {action === "resolve" && (
          <Field label="Note (optional)" htmlFor="bulk-note">
            <Textarea id="bulk-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
        )}
        {error && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
            {error}
          </div>
        )}
      </div>
    </Dialog>
  );
}
