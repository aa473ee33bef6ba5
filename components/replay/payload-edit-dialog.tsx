"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/field";

/** Edits a rejected event's payload (the original is kept and the edit audited), then says what a replay would do. */
export function PayloadEditDialog({ id, payload, onClose }: { id: string; payload: unknown; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(() => JSON.stringify(payload, null, 2));
  const [reason, setReason] = useState("");
  const [parseError, setParseError] = useState<string | null>(null);
  const edits = useQuery(trpc.replays.payloadEdits.queryOptions({ id }));
  const save = useMutation(trpc.replays.editPayload.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.replays.pathKey() }) }));
  const submit = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      setParseError(`Not valid JSON: ${(e as Error).message}`);
      return;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      setParseError("The payload must be a JSON object.");
      return;
    }
    setParseError(null);
    save.mutate({ id, payload: parsed as Record<string, unknown>, ...(reason.trim() ? { reason: reason.trim() } : {}) });
  };
  const outcome = save.data?.outcome;
  return (
    <Dialog
      open
      wide
      onClose={onClose}
      title={`Edit the payload of event #${id}`}
      footer={
        <>
          <Button onClick={onClose}>{save.data ? "Close" : "Cancel"}</Button>
          <Button variant="primary" disabled={save.isPending} onClick={submit}>
            Save edit
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <p className="text-sm text-slate-600">The connector&apos;s original stays on record; the eventId must stay the same (it is the idempotency key). Saving changes nothing else: replay the event afterwards.</p>
        <Field label="Payload (JSON)" htmlFor="payload-json" error={parseError}>
          <Textarea id="payload-json" rows={14} className="font-mono text-xs" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        </Field>
        <Field label="Why (optional, kept with the edit)" htmlFor="payload-reason">
          <Input id="payload-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        {save.error && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {save.error.message}
          </div>
        )}
        {outcome && (
          <div role="status" className={`rounded-md border px-3 py-2 text-sm ${outcome.outcome === "applied" ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-amber-200 bg-amber-50 text-amber-900"}`}>
            Saved (edit #{save.data!.editId}, audited).{" "}
            {outcome.outcome === "applied" ? "A replay of it would now apply." : `A replay would still fail: ${outcome.reasons?.map((r) => `${r.code}: ${r.message}`).join("; ")}`}
          </div>
        )}
        {edits.data && edits.data.length > 0 && (
          <div>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Earlier edits</h3>
            <ul className="space-y-1 text-xs text-slate-600">
              {edits.data.map((e) => (
                <li key={e.id}>
                  #{e.id} by {e.byEmail} <RelativeTime value={e.at} />
                  {e.reason ? ` — ${e.reason}` : ""}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </Dialog>
  );
}
