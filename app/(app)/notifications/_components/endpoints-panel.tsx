"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { useNow } from "@/components/ui/use-now";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { KIND_LABEL as EXCEPTION_KIND_LABEL } from "@/server/exceptions/kinds";
import type { TEndpoint } from "@/server/notifications/notifications.types";
import { EndpointStatusBadge, KIND_LABEL } from "./badges";
import { EndpointDialog } from "./endpoint-dialog";
import { DeleteDialog, MuteDialog, RecoverDialog, RotateDialog } from "./endpoint-actions";

type TOpen = { kind: "add" } | { kind: "edit" | "mute" | "recover" | "rotate" | "delete"; endpoint: TEndpoint } | null;

function filterText(e: TEndpoint): string {
  const f = e.filter;
  const parts = [
    f.kinds?.length ? f.kinds.map((k) => EXCEPTION_KIND_LABEL[k]).join(", ") : null,
    f.minSeverity ? `${f.minSeverity}+` : null,
    f.channels?.length ? `channels ${f.channels.join(", ")}` : null,
    f.locations?.length ? `locations ${f.locations.join(", ")}` : null,
    f.connectors?.length ? `connectors ${f.connectors.join(", ")}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : "everything";
}

function isMuted(e: TEndpoint, now: number) {
  return !!e.mutedUntil && Date.parse(e.mutedUntil) > now;
}

function EndpointRow({ e, canChange, onOpen, now }: { e: TEndpoint; canChange: boolean; onOpen: (o: TOpen) => void; now: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.notifications.endpoints.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.notifications.messages.queryKey() })]);
  const test = useMutation(trpc.notifications.sendTest.mutationOptions({ onSuccess: invalidate }));
  const update = useMutation(trpc.notifications.updateEndpoint.mutationOptions({ onSuccess: invalidate }));
  const muted = isMuted(e, now);
  return (
    <tr data-testid="endpoint-row" className="align-top hover:bg-slate-50">
      <Td>
        <div className="flex flex-wrap items-center gap-1">
          <EndpointStatusBadge status={e.status} />
          {muted && <Badge tone="warn">muted until {formatDateTime(e.mutedUntil)}</Badge>}
          {e.isDemo && <Badge tone="info">demo</Badge>}
        </div>
        {e.status === "disabled" && e.disabledReason && <div className="mt-1 max-w-56 whitespace-normal text-xs text-slate-500">{e.disabledReason}</div>}
        {e.status === "failing" && e.failingSince && (
          <div className="mt-1 text-xs text-red-700">
            <RelativeTime prefix="failing since" value={e.failingSince} />
          </div>
        )}
      </Td>
      <Td>
        <div className="max-w-md whitespace-normal font-medium text-slate-900">{e.description || <span className="text-slate-400">(no description)</span>}</div>
        <div className="max-w-md break-all font-mono text-xs text-slate-500">{e.url ?? e.to?.join(", ")}</div>
        <Link href={`/notifications?endpoint=${e.id}`} className="text-xs text-brand-700 hover:underline">
          deliveries
        </Link>
        {canChange && (
          <div className="mt-1.5 flex max-w-md flex-wrap gap-1">
            <Button size="sm" disabled={test.isPending} onClick={() => test.mutate({ id: e.id })}>
              {test.isSuccess ? "Test sent" : "Send test"}
            </Button>
            <Button size="sm" onClick={() => onOpen({ kind: "edit", endpoint: e })}>
              Edit
            </Button>
            {e.kind === "webhook" && (
              <Button size="sm" onClick={() => onOpen({ kind: "rotate", endpoint: e })}>
                Rotate secret
              </Button>
            )}
            {muted ? (
              <Button size="sm" disabled={update.isPending} onClick={() => update.mutate({ id: e.id, patch: { mutedUntil: null } })}>
                Unmute
              </Button>
            ) : (
              <Button size="sm" onClick={() => onOpen({ kind: "mute", endpoint: e })}>
                Mute…
              </Button>
            )}
            <Button size="sm" disabled={update.isPending} onClick={() => update.mutate({ id: e.id, patch: { enabled: !e.enabled } })}>
              {e.enabled ? "Disable" : "Enable"}
            </Button>
            <Button size="sm" disabled={!e.enabled} title={e.enabled ? undefined : "Enable it first"} onClick={() => onOpen({ kind: "recover", endpoint: e })}>
              Recover failed…
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onOpen({ kind: "delete", endpoint: e })}>
              Delete
            </Button>
          </div>
        )}
      </Td>
      <Td>{KIND_LABEL[e.kind]}</Td>
      <Td className="text-xs">
        <div className="flex max-w-64 flex-wrap gap-1">
          {e.eventTypes.map((t) => (
            <code key={t} className="rounded bg-slate-100 px-1 text-[11px]">
              {t}
            </code>
          ))}
        </div>
        <div className="mt-1 max-w-64 whitespace-normal text-slate-500">filter: {filterText(e)}</div>
      </Td>
      <Td align="right">{formatNumber(e.rateLimitPerMinute)}/min</Td>
      <Td className="text-xs">
        <div>
          <RelativeTime prefix="delivered" value={e.lastSuccessAt} />
        </div>
        {e.lastFailureAt && (
          <div className="text-slate-500">
            <RelativeTime prefix="failed" value={e.lastFailureAt} />
          </div>
        )}
      </Td>
    </tr>
  );
}

export function EndpointsPanel({ canChange }: { canChange: boolean }) {
  const trpc = useTRPC();
  const endpoints = useQuery({ ...trpc.notifications.endpoints.queryOptions({ limit: 100 }), refetchInterval: 3000 });
  const settings = useQuery(trpc.notifications.settings.queryOptions());
  const [open, setOpen] = useState<TOpen>(null);
  // the browser's clock (null on the server and while hydrating): a mute's end is judged once
  const now = useNow() ?? 0;
  const close = () => setOpen(null);
  return (
    <Card
      title="Endpoints"
      actions={
        canChange ? (
          <Button variant="primary" onClick={() => setOpen({ kind: "add" })}>
            Add endpoint
          </Button>
        ) : null
      }
    >
      <ErrorNote error={endpoints.error} />
      {settings.data && !settings.data.isEmailReady && <p className="mb-3 text-xs text-slate-500">Email is not set up on this server (SIGHTLINE_SMTP_URL): email endpoints would keep retrying until it is.</p>}
      {settings.data?.isDemo && (
        <p className="mb-3 text-xs text-slate-500">
          Demo mode: the demo endpoint delivers to Sightline&apos;s own receiver at its own address, a private address that webhooks are otherwise refused (set SIGHTLINE_WEBHOOK_ALLOW_PRIVATE=1 for on-premises receivers).
        </p>
      )}
      {endpoints.isPending ? (
        <LoadingRows />
      ) : endpoints.data?.items.length === 0 ? (
        <EmptyState title="No endpoints yet">{canChange ? "Add a webhook, a Slack channel or email addresses, then send a test." : "Operations managers add webhooks, Slack channels and email addresses here."}</EmptyState>
      ) : (
        <Table aria-label="Notification endpoints">
          <thead>
            <tr>
              <Th>Status</Th>
              <Th>Endpoint</Th>
              <Th>Kind</Th>
              <Th>Sends</Th>
              <Th align="right">Limit</Th>
              <Th>Last</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {endpoints.data?.items.map((e) => <EndpointRow key={e.id} e={e} canChange={canChange} onOpen={setOpen} now={now} />)}
          </tbody>
        </Table>
      )}
      {open?.kind === "add" && <EndpointDialog onClose={close} />}
      {open?.kind === "edit" && <EndpointDialog endpoint={open.endpoint} onClose={close} />}
      {open?.kind === "mute" && <MuteDialog endpoint={open.endpoint} onClose={close} />}
      {open?.kind === "recover" && <RecoverDialog endpoint={open.endpoint} onClose={close} />}
      {open?.kind === "rotate" && <RotateDialog endpoint={open.endpoint} onClose={close} />}
      {open?.kind === "delete" && <DeleteDialog endpoint={open.endpoint} onClose={close} />}
    </Card>
  );
}
