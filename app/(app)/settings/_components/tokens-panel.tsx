"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { formatDateTime } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { MutationError } from "@/components/ui/mutation-error";
import { SecretReveal } from "./secret-reveal";

function NewTokenDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.settings.users.queryOptions());
  const [name, setName] = useState("");
  const [userId, setUserId] = useState("");
  const create = useMutation(trpc.settings.createApiToken.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.settings.apiTokens.queryKey() }) }));
  if (create.data) {
    return (
      <Dialog open onClose={onClose} title={`Token “${create.data.name}” created`} footer={<Button variant="primary" onClick={onClose}>Done</Button>}>
        <SecretReveal label="The API token" secret={create.data.token} />
        <p className="mt-3 text-sm text-slate-600">It acts with its user&apos;s role. Send it as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
      </Dialog>
    );
  }
  return (
    <Dialog
      open
      onClose={onClose}
      title="Create an API token"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={create.isPending} onClick={() => create.mutate({ name, ...(userId ? { userId } : {}) })}>
            Create token
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <Field label="Name" htmlFor="t-name" hint="What uses it, e.g. “nightly reconciliation script”">
          <Input id="t-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Acts as" htmlFor="t-user" hint="The token has this user's role">
          <Select id="t-user" value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">Me</option>
            {users.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email} ({u.role})
              </option>
            ))}
          </Select>
        </Field>
        <MutationError error={create.error} />
      </div>
    </Dialog>
  );
}

export function TokensPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.settings.apiTokens.queryOptions());
  const [isCreating, setCreating] = useState(false);
  const revoke = useMutation(trpc.settings.revokeApiToken.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.settings.apiTokens.queryKey() }) }));
  return (
    <Card title="API tokens" actions={<Button variant="primary" onClick={() => setCreating(true)}>Create token</Button>}>
      <ErrorNote error={tokens.error ?? revoke.error} />
      {tokens.isPending ? (
        <LoadingRows />
      ) : tokens.data?.length === 0 ? (
        <EmptyState title="No API tokens yet">Scripts and automation authenticate with one; it is shown once when created.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Token</Th>
              <Th>Acts as</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>Status</Th>
              <Th />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tokens.data?.map((t) => (
              <tr key={t.id}>
                <Td>{t.name}</Td>
                <Td className="font-mono text-xs">{t.prefix}…</Td>
                <Td className="font-mono text-xs">
                  {t.userEmail} ({t.role})
                </Td>
                <Td>{formatDateTime(t.createdAt)}</Td>
                <Td>
                  <RelativeTime value={t.lastUsedAt} />
                </Td>
                <Td>{t.revokedAt ? <Badge tone="bad">revoked</Badge> : <Badge tone="good">active</Badge>}</Td>
                <Td align="right">
                  {!t.revokedAt && (
                    <Button size="sm" variant="ghost" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: t.id })}>
                      Revoke
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {isCreating && <NewTokenDialog onClose={() => setCreating(false)} />}
    </Card>
  );
}
