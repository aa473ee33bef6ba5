"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import type { TExceptionState } from "@/server/exceptions/kinds";
import type { TExceptionAction } from "@/server/exceptions/state-machine";
import { SNOOZE_CHOICES } from "./bulk-dialog";

/** The actions a group's state allows (DESIGN.md's state machine), plus assign; a and r are shortcuts. */
export function DetailActions({ id, state, assignee, viewerEmail }: { id: number; state: TExceptionState; assignee: string | null; viewerEmail: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<"resolve" | "snooze" | "assign" | null>(null);
  const [note, setNote] = useState("");
  const [hours, setHours] = useState(4);
  const [email, setEmail] = useState(assignee ?? viewerEmail);
  const act = useMutation(
    trpc.exceptions.act.mutationOptions({
      onSuccess: async () => {
        setDialog(null);
        setNote("");
        await queryClient.invalidateQueries({ queryKey: trpc.exceptions.pathKey() });
      },
    }),
  );
  const run = (action: TExceptionAction) => act.mutate({ id, action });
  const mayAck = state === "open" || state === "snoozed";
  const maySnooze = state === "open" || state === "acknowledged";
  const mayResolve = state !== "resolved";

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (e.metaKey || e.ctrlKey || e.altKey || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || el.closest("dialog[open]")) return;
      if (e.key === "a" && mayAck) act.mutate({ id, action: { action: "acknowledge" } });
      else if (e.key === "r" && mayResolve) setDialog("resolve");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [act, id, mayAck, mayResolve]);

  return (
    <div className="flex flex-wrap items-center gap-2">
      {mayAck && (
        <Button variant="primary" disabled={act.isPending} onClick={() => run({ action: "acknowledge" })}>
          Acknowledge
        </Button>
      )}
      {maySnooze && <Button onClick={() => setDialog("snooze")}>Snooze…</Button>}
      {mayResolve && <Button onClick={() => setDialog("resolve")}>Resolve…</Button>}
      {state === "resolved" && (
        <Button disabled={act.isPending} onClick={() => run({ action: "reopen" })}>
          Reopen
        </Button>
      )}
      <Button variant="ghost" onClick={() => setDialog("assign")}>
        {assignee ? "Reassign…" : "Assign…"}
      </Button>
      {assignee !== viewerEmail && (
        <Button variant="ghost" disabled={act.isPending} onClick={() => run({ action: "assign", assignee: viewerEmail })}>
          Assign to me
        </Button>
      )}
      {act.error && !dialog && (
        <span role="alert" className="text-sm text-red-700">
          {act.error.message}
        </span>
      )}
      {dialog && (
        <Dialog
          open
          onClose={() => setDialog(null)}
          title={dialog === "resolve" ? "Resolve this exception" : dialog === "snooze" ? "Snooze this exception" : "Assign this exception"}
          footer={
            <>
              <Button onClick={() => setDialog(null)}>Cancel</Button>
              <Button
                variant="primary"
                disabled={act.isPending}
                onClick={() =>
                  run(
                    dialog === "resolve"
                      ? { action: "resolve", ...(note.trim() ? { note: note.trim() } : {}) }
                      : dialog === "snooze"
                        ? { action: "snooze", until: new Date(Date.now() + hours * 3600_000).toISOString() }
                        : { action: "assign", assignee: email.trim() === "" ? null : email.trim() },
                  )
                }
              >
                {dialog === "resolve" ? "Resolve" : dialog === "snooze" ? "Snooze" : email.trim() ? "Assign" : "Unassign"}
              </Button>
            </>
          }
        >
          <div className="space-y-3">
            {dialog === "resolve" && (
              <Field label="Note (optional)" htmlFor="resolve-note" hint="If the condition still holds, the group stays resolved until it clears and comes back.">
                <Textarea id="resolve-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
              </Field>
            )}
            {dialog === "snooze" && (
              <Field label="Snooze for" htmlFor="snooze-for" hint="It reopens by itself when the snooze runs out, unless it resolved first.">
                <Select id="snooze-for" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
                  {SNOOZE_CHOICES.map((c) => (
                    <option key={c.hours} value={c.hours}>
                      {c.label}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            {dialog === "assign" && (
              <Field label="Assignee (email; empty to unassign)" htmlFor="assign-email">
                <Input id="assign-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
              </Field>
            )}
            {act.error && (
              <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
                {act.error.message}
              </div>
            )}
          </div>
        </Dialog>
      )}
    </div>
  );
}
