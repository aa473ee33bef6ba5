"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { formatRelative } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { CONNECTOR_KINDS } from "@/server/master-data/master-data.types";
import { MutationError } from "@/components/ui/mutation-error";
import { SecretReveal } from "./secret-reveal";

type TKind = (typeof CONNECTOR_KINDS)[number];
type TConnector = { code: string; kind: string; name: string | null; channel: string | null; heartbeatSeconds: number; rateLimitPerSecond: number; ackSloSeconds: number; defaultLocation: string | null };

function ConnectorDialog({ connector, onClose }: { connector: TConnector | "new"; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.masterData.channels.queryOptions());
  const locations = useQuery(trpc.masterData.locations.queryOptions());
  const isNew = connector === "new";
  const [code, setCode] = useState(isNew ? "" : connector.code);
  const [kind, setKind] = useState<TKind>(isNew ? "erp" : (connector.kind as TKind));
  const [name, setName] = useState(isNew ? "" : (connector.name ?? ""));
  const [channel, setChannel] = useState(isNew ? "" : (connector.channel ?? ""));
  const [heartbeat, setHeartbeat] = useState(String(isNew ? 300 : connector.heartbeatSeconds));
  const [rateLimit, setRateLimit] = useState(String(isNew ? 100 : connector.rateLimitPerSecond));
  const [ackSlo, setAckSlo] = useState(String(isNew ? 14_400 : connector.ackSloSeconds));
  const [defaultLocation, setDefaultLocation] = useState(isNew ? "" : (connector.defaultLocation ?? ""));
  const [webhookSecret, setWebhookSecret] = useState("");
  const [createdKey, setCreatedKey] = useState<string | null>(null);
  const save = useMutation(
    trpc.masterData.upsert.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.masterData.connectors.queryKey() });
        const key = result.connectorKeys[code.trim()];
        if (key) setCreatedKey(key);
        else onClose();
      },
    }),
  );
  if (createdKey) {
    return (
      <Dialog open onClose={onClose} title={`Connector ${code} created`} footer={<Button variant="primary" onClick={onClose}>Done</Button>}>
        <SecretReveal label="Its connector key" secret={createdKey} />
        <p className="mt-3 text-sm text-slate-600">The connector sends it as <code>Authorization: Bearer &lt;key&gt;</code> to POST /api/v1/events.</p>
      </Dialog>
    );
  }
  return (
    <Dialog
      open
      onClose={onClose}
      title={isNew ? "Add a connector" : `Edit ${code}`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={save.isPending}
            onClick={() =>
              save.mutate({
                connectors: [
                  {
                    code: code.trim(),
                    kind,
                    name: name.trim() || null,
                    channel: channel || null,
                    heartbeatSeconds: Number(heartbeat),
                    rateLimitPerSecond: Number(rateLimit),
                    ackSloSeconds: Number(ackSlo),
                    defaultLocation: defaultLocation || null,
                    ...(webhookSecret ? { webhookSecret } : {}),
                  },
                ],
              })
            }
          >
            {save.isPending ? "Saving…" : isNew ? "Create and show key" : "Save"}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <div className="grid grid-cols-2 gap-3">
          <Field label="Code" htmlFor="con-code">
            <Input id="con-code" value={code} disabled={!isNew} onChange={(e) => setCode(e.target.value)} />
          </Field>
          <Field label="Kind" htmlFor="con-kind">
            <Select id="con-kind" value={kind} onChange={(e) => setKind(e.target.value as TKind)}>
              {CONNECTOR_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label="Name" htmlFor="con-name">
          <Input id="con-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Channel" htmlFor="con-channel" hint="If set, its key reads and reports this channel only (required for Shopify).">
          <Select id="con-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            <option value="">— any channel —</option>
            {channels.data?.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}
              </option>
            ))}
          </Select>
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Expected heartbeat (seconds)" htmlFor="con-heartbeat" hint="Silent after this long without events">
            <Input id="con-heartbeat" type="number" min={5} value={heartbeat} onChange={(e) => setHeartbeat(e.target.value)} />
          </Field>
          <Field label="Rate limit (requests/s)" htmlFor="con-rate">
            <Input id="con-rate" type="number" min={1} value={rateLimit} onChange={(e) => setRateLimit(e.target.value)} />
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Acknowledgement SLO (seconds)" htmlFor="con-ack" hint="A partner message not acknowledged this long after it was sent is overdue">
            <Input id="con-ack" type="number" min={1} value={ackSlo} onChange={(e) => setAckSlo(e.target.value)} />
          </Field>
          <Field label="Default location" htmlFor="con-location" hint="Where its orders are fulfilled when they name none (EDI 850)">
            <Select id="con-location" value={defaultLocation} onChange={(e) => setDefaultLocation(e.target.value)}>
              <option value="">— none —</option>
              {locations.data?.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label="Shopify webhook secret" htmlFor="con-secret" hint={isNew ? "Only for Shopify webhooks; write-only." : "Leave empty to keep the current one; write-only."}>
          <Input id="con-secret" type="password" autoComplete="off" value={webhookSecret} onChange={(e) => setWebhookSecret(e.target.value)} />
        </Field>
        <MutationError error={save.error} />
      </div>
    </Dialog>
  );
}

export function ConnectorsPanel() {
  const trpc = useTRPC();
  const connectors = useQuery(trpc.masterData.connectors.queryOptions());
  const [editing, setEditing] = useState<TConnector | "new" | null>(null);
  const [rotated, setRotated] = useState<{ code: string; key: string } | null>(null);
  const [confirmRotate, setConfirmRotate] = useState<string | null>(null);
  const rotate = useMutation(
    trpc.masterData.rotateConnectorKey.mutationOptions({
      onSuccess: (r) => {
        setConfirmRotate(null);
        setRotated({ code: r.code, key: r.key });
      },
    }),
  );
  return (
    <Card title="Connectors" actions={<Button variant="primary" onClick={() => setEditing("new")}>Add connector</Button>}>
      <ErrorNote error={connectors.error} />
      {connectors.isPending ? (
        <LoadingRows />
      ) : connectors.data?.length === 0 ? (
        <EmptyState title="No connectors yet" />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Code</Th>
              <Th>Kind</Th>
              <Th>Channel</Th>
              <Th>Key</Th>
              <Th align="right">Heartbeat</Th>
              <Th>Last seen</Th>
              <Th />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {connectors.data?.map((c) => (
              <tr key={c.code}>
                <Td className="font-mono">{c.code}</Td>
                <Td>{c.kind}</Td>
                <Td>{c.channel ?? "any"}</Td>
                <Td className="font-mono text-xs">{c.keyPrefix}…</Td>
                <Td align="right">{c.heartbeatSeconds} s</Td>
                <Td>{formatRelative(c.lastSeenAt)}</Td>
                <Td align="right" className="space-x-1">
                  <Button size="sm" variant="ghost" onClick={() => setEditing(c)}>
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setConfirmRotate(c.code)}>
                    Rotate key
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editing && <ConnectorDialog connector={editing} onClose={() => setEditing(null)} />}
      {confirmRotate && (
        <Dialog
          open
          onClose={() => setConfirmRotate(null)}
          title={`Rotate the key of ${confirmRotate}?`}
          footer={
            <>
              <Button onClick={() => setConfirmRotate(null)}>Cancel</Button>
              <Button variant="danger" disabled={rotate.isPending} onClick={() => rotate.mutate({ code: confirmRotate })}>
                Rotate now
              </Button>
            </>
          }
        >
          <p className="text-sm text-slate-700">The current key stops working immediately. The connector must be given the new key.</p>
          <MutationError error={rotate.error} />
        </Dialog>
      )}
      {rotated && (
        <Dialog open onClose={() => setRotated(null)} title={`New key for ${rotated.code}`} footer={<Button variant="primary" onClick={() => setRotated(null)}>Done</Button>}>
          <SecretReveal label="The new connector key" secret={rotated.key} />
        </Dialog>
      )}
    </Card>
  );
}
