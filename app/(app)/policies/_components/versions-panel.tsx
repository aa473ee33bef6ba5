"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorDetails } from "@/components/policies/error-note";
import { scopeText, valueText } from "@/components/policies/rule-text";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorNote } from "@/components/ui/empty-state";
import { Field, Select, Textarea } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { RULE_KIND_LABEL, type TPolicyRule } from "@/server/policies/policy.types";

type TVersion = { version: number; publishedAt: Date; reason: string; by: string; rules: TPolicyRule[]; rollbackOf: number | null };

function ruleLine(rule: TPolicyRule) {
  return `${RULE_KIND_LABEL[rule.kind]} — ${scopeText(rule.scope)}: ${valueText(rule)}`;
}

function VersionDiff({ versions }: { versions: TVersion[] }) {
  const trpc = useTRPC();
  // Until someone picks, compare the current version with the one before it.
  const [picked, setPicked] = useState<{ from?: number; to?: number }>({});
  const from = picked.from ?? versions[1]?.version ?? versions[0]!.version;
  const to = picked.to ?? versions[0]!.version;
  const setFrom = (v: number) => setPicked((p) => ({ ...p, from: v }));
  const setTo = (v: number) => setPicked((p) => ({ ...p, to: v }));
  const diff = useQuery(trpc.policies.diff.queryOptions({ from, to }));
  const picker = (label: string, value: number, set: (v: number) => void) => (
    <Field label={label} htmlFor={`diff-${label}`}>
      <Select id={`diff-${label}`} value={value} onChange={(e) => set(Number(e.target.value))} className="w-36">
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            version {v.version}
          </option>
        ))}
      </Select>
    </Field>
  );
  const d = diff.data;
  return (
    <div className="space-y-3" aria-label="Compare versions" role="region">
      <div className="flex items-end gap-3">
        {picker("From", from, setFrom)}
        {picker("To", to, setTo)}
      </div>
      <ErrorNote error={diff.error} />
      {d && (
        <ul className="space-y-1 text-sm" data-testid="version-diff">
          {d.added.length + d.removed.length + d.changed.length === 0 && <li className="text-slate-500">The two versions have the same rules.</li>}
          {d.added.map((r, i) => (
            <li key={`a${i}`} className="text-emerald-800">
              <Badge tone="good">added</Badge> {ruleLine(r)}
            </li>
          ))}
          {d.removed.map((r, i) => (
            <li key={`r${i}`} className="text-red-800">
              <Badge tone="bad">removed</Badge> {ruleLine(r)}
            </li>
          ))}
          {d.changed.map((c, i) => (
            <li key={`c${i}`} className="text-amber-900">
              <Badge tone="warn">changed</Badge> {RULE_KIND_LABEL[c.after.kind]} — {scopeText(c.after.scope)}: {valueText(c.before)} → {valueText(c.after)}
            </li>
          ))}
          {d.unchanged > 0 && <li className="text-xs text-slate-500">{d.unchanged} rule(s) unchanged</li>}
        </ul>
      )}
    </div>
  );
}

function RollbackDialog({ version, onClose }: { version: number; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const rollback = useMutation(
    trpc.policies.rollback.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.policies.pathKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Roll back to version ${version}`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" disabled={reason.trim().length < 3 || rollback.isPending} onClick={() => rollback.mutate({ version, reason: reason.trim() })}>
            {rollback.isPending ? "Rolling back…" : "Roll back"}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <p className="text-sm text-slate-600">Version {version}&apos;s rules become a new version, and every target is recomputed. Nothing is deleted: history keeps both.</p>
        <Field label="Reason" htmlFor="rollback-reason" hint="Required">
          <Textarea id="rollback-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
        </Field>
        <ErrorDetails error={rollback.error} />
      </div>
    </Dialog>
  );
}

/** Every published version, a diff between any two, and rollback for those who may edit. */
export function VersionsPanel({ versions, canEdit }: { versions: TVersion[]; canEdit: boolean }) {
  const [rollingBack, setRollingBack] = useState<number | null>(null);
  if (versions.length === 0) {
    return (
      <Card title="Version history">
        <EmptyState title="No version published yet">Targets are the whole eligible ATP until a first version is published.</EmptyState>
      </Card>
    );
  }
  const current = versions[0]!.version;
  return (
    <Card title="Version history">
      <Table aria-label="Versions">
        <thead>
          <tr>
            <Th>Version</Th>
            <Th>Published</Th>
            <Th>By</Th>
            <Th>Reason</Th>
            <Th align="right">Rules</Th>
            <Th />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {versions.map((v) => (
            <tr key={v.version} data-testid={`version-${v.version}`}>
              <Td className="font-medium text-slate-900">
                v{v.version} {v.version === current && <Badge tone="good">current</Badge>} {v.rollbackOf !== null && <Badge>rollback to v{v.rollbackOf}</Badge>}
              </Td>
              <Td>{formatDateTime(v.publishedAt)}</Td>
              <Td>{v.by}</Td>
              <Td className="max-w-md whitespace-normal!">{v.reason}</Td>
              <Td align="right">{v.rules.length}</Td>
              <Td align="right">
                {canEdit && v.version !== current && (
                  <Button size="sm" variant="secondary" onClick={() => setRollingBack(v.version)}>
                    Roll back to v{v.version}
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {versions.length > 1 && (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <VersionDiff versions={versions} />
        </div>
      )}
      {rollingBack !== null && <RollbackDialog version={rollingBack} onClose={() => setRollingBack(null)} />}
    </Card>
  );
}
