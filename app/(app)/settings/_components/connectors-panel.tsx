"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { MutationError } from "@/components/ui/mutation-error";
import { CONNECTOR_KINDS } from "@/server/master-data/master-data.types";
import { MasterDataDialog, textOrNull, type TMasterDataFieldRow } from "./master-data-dialog";
import { MasterDataTable, type TMasterDataColumn } from "./master-data-table";
import { SecretReveal } from "./secret-reveal";

type TKind = (typeof CONNECTOR_KINDS)[number];
type TConnector = {
  code: string;
  kind: string;
  name: string | null;
  channel: string | null;
  heartbeatSeconds: number;
  rateLimitPerSecond: number;
  ackSloSeconds: number;
  defaultLocation: string | null;
  keyPrefix: string;
  lastSeenAt: Date | string | null;
};

const COLUMNS: TMasterDataColumn<TConnector>[] = [
  { header: "Code", className: "font-mono", cell: (c) => c.code },
  { header: "Kind", cell: (c) => c.kind },
  { header: "Channel", cell: (c) => c.channel ?? "any" },
  { header: "Key", className: "font-mono text-xs", cell: (c) => `${c.keyPrefix}…` },
  { header: "Heartbeat", align: "right", cell: (c) => `${c.heartbeatSeconds} s` },
  { header: "Last seen", cell: (c) => <RelativeTime value={c.lastSeenAt} /> },
];

function ConnectorDialog({ connector, onCreated, onClose }: { connector: TConnector | "new"; onCreated: (code: string, key: string) => void; onClose: () => void }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.masterData.channels.queryOptions());
  const locations = useQuery(trpc.masterData.locations.queryOptions());
  const isNew = connector === "new";
  const fields: TMasterDataFieldRow[] = [
    [
      { key: "code", label: "Code", isCode: true },
      { key: "kind", label: "Kind", type: "select", options: CONNECTOR_KINDS.map((k) => ({ value: k, label: k })) },
    ],
    { key: "name", label: "Name" },
    {
      key: "channel",
      label: "Channel",
      hint: "If set, its key reads and reports this channel only (required for Shopify).",
      type: "select",
      options: [{ value: "", label: "— any channel —" }, ...(channels.data ?? []).map((c) => ({ value: c.code, label: c.code }))],
    },
    [
      { key: "heartbeat", label: "Expected heartbeat (seconds)", hint: "Silent after this long without events", type: "number", min: 5 },
      { key: "rate", label: "Rate limit (requests/s)", type: "number", min: 1 },
    ],
    [
      { key: "ackSlo", label: "Acknowledgement SLO (seconds)", hint: "A partner message not acknowledged this long after it was sent is overdue", type: "number", min: 1 },
      {
        key: "defaultLocation",
        label: "Default location",
        hint: "Where its orders are fulfilled when they name none (EDI 850)",
        type: "select",
        options: [{ value: "", label: "— none —" }, ...(locations.data ?? []).map((l) => ({ value: l.code, label: l.code }))],
      },
    ],
    { key: "secret", label: "Shopify webhook secret", type: "password", hint: isNew ? "Only for Shopify webhooks; write-only." : "Leave empty to keep the current one; write-only." },
  ];
  return (
    <MasterDataDialog
      noun="connector"
      idPrefix="con"
      isNew={isNew}
      initial={
        isNew
          ? { kind: "erp", heartbeat: "300", rate: "100", ackSlo: "14400", defaultLocation: "", secret: "" }
          : {
              code: connector.code,
              kind: connector.kind,
              name: connector.name ?? "",
              channel: connector.channel ?? "",
              heartbeat: String(connector.heartbeatSeconds),
              rate: String(connector.rateLimitPerSecond),
              ackSlo: String(connector.ackSloSeconds),
              defaultLocation: connector.defaultLocation ?? "",
              secret: "",
            }
      }
      fields={fields}
      toInput={(v) => ({
        connectors: [
          {
            code: textOrNull(v.code) ?? "",
            kind: v.kind as TKind,
            name: textOrNull(v.name),
            channel: textOrNull(v.channel),
            heartbeatSeconds: Number(v.heartbeat),
            rateLimitPerSecond: Number(v.rate),
            ackSloSeconds: Number(v.ackSlo),
            defaultLocation: textOrNull(v.defaultLocation),
            ...(v.secret ? { webhookSecret: String(v.secret) } : {}),
          },
        ],
      })}
      invalidate={[trpc.masterData.connectors.queryKey()]}
      saveLabel={isNew ? "Create and show key" : "Save"}
      onSaved={(result, v) => {
        const code = textOrNull(v.code) ?? "";
        const key = result.connectorKeys[code];
        if (key) onCreated(code, key);
      }}
      onClose={onClose}
    />
  );
}

export function ConnectorsPanel() {
  const trpc = useTRPC();
  const connectors = useQuery(trpc.masterData.connectors.queryOptions());
  const [editing, setEditing] = useState<TConnector | "new" | null>(null);
  const [shownKey, setShownKey] = useState<{ title: string; label: string; key: string; isNew: boolean } | null>(null);
  const [confirmRotate, setConfirmRotate] = useState<string | null>(null);
  const rotate = useMutation(
    trpc.masterData.rotateConnectorKey.mutationOptions({
      onSuccess: (r) => {
        setConfirmRotate(null);
        setShownKey({ title: `New key for ${r.code}`, label: "The new connector key", key: r.key, isNew: false });
      },
    }),
  );
  return (
    <MasterDataTable
      title="Connectors"
      addLabel="Add connector"
      onAdd={() => setEditing("new")}
      rows={connectors.data}
      isPending={connectors.isPending}
      error={connectors.error}
      empty={{ title: "No connectors yet" }}
      columns={COLUMNS}
      rowKey={(c) => c.code}
      onEdit={setEditing}
      rowActions={(c) => (
        <Button size="sm" variant="ghost" onClick={() => setConfirmRotate(c.code)}>
          Rotate key
        </Button>
      )}
    >
      {editing && (
        <ConnectorDialog
          connector={editing}
          onCreated={(code, key) => setShownKey({ title: `Connector ${code} created`, label: "Its connector key", key, isNew: true })}
          onClose={() => setEditing(null)}
        />
      )}
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
      {shownKey && (
        <Dialog open onClose={() => setShownKey(null)} title={shownKey.title} footer={<Button variant="primary" onClick={() => setShownKey(null)}>Done</Button>}>
          <SecretReveal label={shownKey.label} secret={shownKey.key} />
          {shownKey.isNew && <p className="mt-3 text-sm text-slate-600">The connector sends it as <code>Authorization: Bearer &lt;key&gt;</code> to POST /api/v1/events.</p>}
        </Dialog>
      )}
    </MasterDataTable>
  );
}
