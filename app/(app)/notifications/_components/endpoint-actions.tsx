"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";
import type { TEndpoint } from "@/server/notifications/notifications.types";
import { SecretReveal } from "@/app/(app)/settings/_components/secret-reveal";
import { endpointName } from "./badges";

/** A datetime-local value (the browser's time zone) for `hoursAgo` from now. */
function localInput(hoursFromNow: number): string {
  const d = new Date(Date.now() + hoursFromNow * 3600_000);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function MuteDialog({ endpoint, onClose }: { endpoint: TEndpoint; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [hours, setHours] = useState("1");
  const [until, setUntil] = useState(() => localInput(1));
  const mute = useMutation(
    trpc.notifications.updateEndpoint.mutationOptions({ onSuccess: () => (void queryClient.invalidateQueries({ queryKey: trpc.notifications.endpoints.queryKey() }), onClose()) }),
  );
  const when = hours === "custom" ? new Date(until) : new Date(Date.now() + Number(hours) * 3600_000);
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Mute “${endpointName(endpoint)}”`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={mute.isPending || Number.isNaN(when.getTime())} onClick={() => mute.mutate({ id: endpoint.id, patch: { mutedUntil: when.toISOString() } })}>
            Mute
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <p className="text-sm text-slate-600">While muted, the endpoint gets no new messages (what is already queued still goes). It unmutes by itself.</p>
        <Field label="For" htmlFor="mute-for">
          <Select id="mute-for" value={hours} onChange={(e) => setHours(e.target.value)}>
            <option value="1">1 hour</option>
            <option value="4">4 hours</option>
            <option value="24">24 hours</option>
            <option value="custom">until…</option>
          </Select>
        </Field>
        {hours === "custom" && (
          <Field label="Until (your time zone)" htmlFor="mute-until">
            <Input id="mute-until" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
          </Field>
        )}
        <MutationError error={mute.error} />
      </div>
    </Dialog>
  );
}

export function RecoverDialog({ endpoint, onClose }: { endpoint: TEndpoint; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [since, setSince] = useState(() => localInput(-24));
  const recover = useMutation(trpc.notifications.recover.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.messages.queryKey() }) }));
  const at = new Date(since);
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Recover failed messages of “${endpointName(endpoint)}”`}
      footer={
        recover.data ? (
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" disabled={recover.isPending || Number.isNaN(at.getTime())} onClick={() => recover.mutate({ id: endpoint.id, since: at.toISOString() })}>
              Recover failed messages
            </Button>
          </>
        )
      }
    >
      {recover.data ? (
        <p role="status" className="text-sm text-slate-700">
          {recover.data.redelivering === 0 ? "No failed message since then." : `Redelivering ${recover.data.redelivering} message${recover.data.redelivering === 1 ? "" : "s"}, each with its own id, as the receiver first saw it.`}
        </p>
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">Every message to this endpoint that failed since then goes again, with the same <code>webhook-id</code> and a fresh retry schedule.</p>
          <Field label="Failed since (your time zone)" htmlFor="recover-since">
            <Input id="recover-since" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
          </Field>
          <MutationError error={recover.error} />
        </div>
      )}
    </Dialog>
  );
}

export function RotateDialog({ endpoint, onClose }: { endpoint: TEndpoint; onClose: () => void }) {
  const trpc = useTRPC();
  const rotate = useMutation(trpc.notifications.rotateSecret.mutationOptions());
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Rotate the secret of “${endpointName(endpoint)}”`}
      footer={
        rotate.data ? (
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" disabled={rotate.isPending} onClick={() => rotate.mutate({ id: endpoint.id })}>
              Rotate secret
            </Button>
          </>
        )
      }
    >
      {rotate.data ? (
        <div className="space-y-3">
          <SecretReveal label="The new signing secret" secret={rotate.data.secret} />
          <p className="text-sm text-slate-600">For 24 hours messages carry two signatures, one with each secret, so the receiver can switch at its own pace.</p>
        </div>
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">A new secret signs every message from now on; the current one also signs for 24 hours.</p>
          <MutationError error={rotate.error} />
        </div>
      )}
    </Dialog>
  );
}

export function DeleteDialog({ endpoint, onClose }: { endpoint: TEndpoint; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.notifications.deleteEndpoint.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.notifications.endpoints.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.notifications.messages.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Delete “${endpointName(endpoint)}”?`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate({ id: endpoint.id })}>
            Delete endpoint
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-600">Its delivery log goes with it. To stop it for a while, mute or disable it instead.</p>
      <MutationError error={remove.error} />
    </Dialog>
  );
}
