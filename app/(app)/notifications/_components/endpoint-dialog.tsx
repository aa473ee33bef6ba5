"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";
import { EXCEPTION_KINDS, KIND_LABEL as EXCEPTION_KIND_LABEL, SEVERITIES, type TExceptionKind, type TSeverity } from "@/server/exceptions/kinds";
import { DEFAULT_EVENT_TYPES, ENDPOINT_KINDS, MESSAGE_TYPES, type TEndpoint, type TEndpointKind, type TMessageType } from "@/server/notifications/notifications.types";
import { SecretReveal } from "@/app/(app)/settings/_components/secret-reveal";
import { KIND_LABEL } from "./badges";

const TYPE_HINT: Record<TMessageType, string> = {
  "exception.opened": "a group opens or reopens (after the hold)",
  "exception.sla_breached": "a group passes its SLA",
  "exception.resolved": "a group resolves",
  "exception.assigned": "a group is assigned",
  "exception.digest": "what the per-minute limit folded",
  "availability.changed": "targets changed (per channel, at most every 5 s)",
  "reconciliation.finished": "a reconciliation run finished (its totals) or failed",
  "notification.test": "Send test",
};
const SUBSCRIBABLE = MESSAGE_TYPES.filter((t) => t !== "notification.test");

const codes = (s: string) => s.split(",").map((c) => c.trim()).filter(Boolean);

/** Add an endpoint, or change one (its kind stays). A new webhook's secret is shown once. */
export function EndpointDialog({ endpoint, onClose }: { endpoint?: TEndpoint; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<TEndpointKind>(endpoint?.kind ?? "webhook");
  const [url, setUrl] = useState(endpoint?.url ?? "");
  const [to, setTo] = useState(endpoint?.to?.join(", ") ?? "");
  const [description, setDescription] = useState(endpoint?.description ?? "");
  const [types, setTypes] = useState<TMessageType[]>(endpoint?.eventTypes ?? DEFAULT_EVENT_TYPES);
  const [kinds, setKinds] = useState<TExceptionKind[]>(endpoint?.filter.kinds ?? []);
  const [minSeverity, setMinSeverity] = useState<TSeverity | "">(endpoint?.filter.minSeverity ?? "");
  const [channels, setChannels] = useState(endpoint?.filter.channels?.join(", ") ?? "");
  const [locations, setLocations] = useState(endpoint?.filter.locations?.join(", ") ?? "");
  const [connectors, setConnectors] = useState(endpoint?.filter.connectors?.join(", ") ?? "");
  const [limit, setLimit] = useState(String(endpoint?.rateLimitPerMinute ?? 30));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.endpoints.queryKey() });
  const create = useMutation(
    trpc.notifications.createEndpoint.mutationOptions({
      onSuccess: (data) => {
        void invalidate();
        if (!data.secret) onClose();
      },
    }),
  );
  const update = useMutation(trpc.notifications.updateEndpoint.mutationOptions({ onSuccess: () => (void invalidate(), onClose()) }));
  const mutation = endpoint ? update : create;

  if (create.data?.secret) {
    return (
      <Dialog open onClose={onClose} title="Webhook endpoint added" footer={<Button variant="primary" onClick={onClose}>Done</Button>}>
        <SecretReveal label="The signing secret" secret={create.data.secret} />
        <p className="mt-3 text-sm text-slate-600">
          Every message is signed the Standard Webhooks way (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>); verify it with this secret, for instance with the <code>standardwebhooks</code> library.
        </p>
      </Dialog>
    );
  }

  const filter = {
    ...(kinds.length ? { kinds } : {}),
    ...(minSeverity ? { minSeverity } : {}),
    ...(codes(channels).length ? { channels: codes(channels) } : {}),
    ...(codes(locations).length ? { locations: codes(locations) } : {}),
    ...(codes(connectors).length ? { connectors: codes(connectors) } : {}),
  };
  const fields = {
    ...(kind === "email" ? { to: codes(to) } : { url: url.trim() }),
    description: description.trim(),
    eventTypes: types,
    filter,
    rateLimitPerMinute: Number(limit) || 30,
  };
  const save = () => (endpoint ? update.mutate({ id: endpoint.id, patch: fields }) : create.mutate({ kind, ...fields }));
  const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  return (
    <Dialog
      open
      wide
      onClose={onClose}
      title={endpoint ? `Edit “${endpoint.description || endpoint.id}”` : "Add an endpoint"}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={mutation.isPending || types.length === 0} onClick={save}>
            {endpoint ? "Save changes" : "Add endpoint"}
          </Button>
        </>
      }
    >
      <div className="grid gap-4 md:grid-cols-2">
        <div className="space-y-3">
          <Field label="Kind" htmlFor="ep-kind" hint={kind === "webhook" ? "JSON, signed (Standard Webhooks)" : kind === "slack" ? "A Slack-compatible incoming-webhook URL; unsigned" : "Sent through the SMTP server Sightline is configured with"}>
            <Select id="ep-kind" value={kind} disabled={!!endpoint} onChange={(e) => setKind(e.target.value as TEndpointKind)}>
              {ENDPOINT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </Select>
          </Field>
          {kind === "email" ? (
            <Field label="Addresses" htmlFor="ep-to" hint="Comma-separated">
              <Input id="ep-to" value={to} onChange={(e) => setTo(e.target.value)} placeholder="oncall@example.com" />
            </Field>
          ) : (
            <Field label="URL" htmlFor="ep-url" hint="http(s); private and loopback addresses are refused unless the server allows them">
              <Input id="ep-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/hooks/sightline" />
            </Field>
          )}
          <Field label="Description" htmlFor="ep-description">
            <Input id="ep-description" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="On-call channel" />
          </Field>
          <Field label="Messages a minute" htmlFor="ep-limit" hint="Beyond this, the rest of the minute is folded into one digest">
            <Input id="ep-limit" type="number" min={1} max={100000} value={limit} onChange={(e) => setLimit(e.target.value)} />
          </Field>
          <fieldset className="space-y-1">
            <legend className="text-xs font-medium text-slate-700">Messages</legend>
            {SUBSCRIBABLE.map((t) => (
              <label key={t} className="flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-1" checked={types.includes(t)} onChange={() => setTypes(toggle(types, t))} />
                <span>
                  <code className="text-xs">{t}</code> <span className="text-xs text-slate-500">{TYPE_HINT[t]}</span>
                </span>
              </label>
            ))}
          </fieldset>
        </div>
        <div className="space-y-3">
          <p className="text-xs font-medium text-slate-700">Filter (exception messages; channels also filter availability.changed). Empty means everything.</p>
          <fieldset>
            <legend className="mb-1 text-xs text-slate-600">Kinds</legend>
            <div className="grid grid-cols-2 gap-x-3 gap-y-0.5">
              {EXCEPTION_KINDS.map((k) => (
                <label key={k} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={kinds.includes(k)} onChange={() => setKinds(toggle(kinds, k))} />
                  {EXCEPTION_KIND_LABEL[k]}
                </label>
              ))}
            </div>
          </fieldset>
          <Field label="Least severity" htmlFor="ep-severity">
            <Select id="ep-severity" value={minSeverity} onChange={(e) => setMinSeverity(e.target.value as TSeverity | "")}>
              <option value="">any</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s} and above
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Channels" htmlFor="ep-channels" hint="Codes, comma-separated">
            <Input id="ep-channels" value={channels} onChange={(e) => setChannels(e.target.value)} />
          </Field>
          <Field label="Locations" htmlFor="ep-locations" hint="Codes, comma-separated">
            <Input id="ep-locations" value={locations} onChange={(e) => setLocations(e.target.value)} />
          </Field>
          <Field label="Connectors" htmlFor="ep-connectors" hint="Codes, comma-separated">
            <Input id="ep-connectors" value={connectors} onChange={(e) => setConnectors(e.target.value)} />
          </Field>
        </div>
      </div>
      <div className="mt-3">
        <MutationError error={mutation.error} />
      </div>
    </Dialog>
  );
}
