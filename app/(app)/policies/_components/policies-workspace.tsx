"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MutationError } from "@/components/ui/mutation-error";
import { RulesTable } from "@/components/policies/rules-table";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card, Stat } from "@/components/ui/card";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/exceptions/relative-time";
import { formatDateTime } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { DraftEditor } from "./draft-editor";
import { ExplainerPanel } from "./explainer-panel";
import { SuggestBuffersPanel } from "./suggest-buffers-panel";
import { VersionsPanel } from "./versions-panel";

/** /policies: the rules in force, drafts, preview and publish, history and rollback, the explainer. */
export function PoliciesWorkspace({ canEdit, advisor }: { canEdit: boolean; advisor: { days: number; channel: string | null } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.policies.list.queryOptions());
  const [draftId, setDraftId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const current = list.data?.versions[0] ?? null;
  const findings = useQuery(trpc.policies.findings.queryOptions({ version: current?.version ?? undefined }, { enabled: !!current }));
  const create = useMutation(
    trpc.policies.createDraft.mutationOptions({
      onSuccess: async (draft) => {
        await queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
        setNotice(null);
        setDraftId(draft.id);
      },
    }),
  );

  if (list.isPending) return <LoadingRows rows={6} />;
  if (list.error) return <ErrorNote error={list.error} />;
  const { versions, drafts } = list.data;

  return (
    <div className="space-y-5">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Current version" value={current ? `v${current.version}` : "none"} hint={current ? <>published <RelativeTime value={current.publishedAt} /> by {current.by}</> : "targets are the whole eligible ATP"} />
        <Stat label="Rules in force" value={current?.rules.length ?? 0} />
        <Stat label="Never applying" value={findings.data?.length ?? 0} tone={findings.data?.length ? "warn" : undefined} hint="shadowed or matching nothing" />
        <Stat label="Open drafts" value={drafts.length} />
      </div>
      {notice && (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {notice}
        </div>
      )}
      {draftId ? (
        <DraftEditor
          draftId={draftId}
          canEdit={canEdit}
          onClose={() => setDraftId(null)}
          onPublished={(version) => {
            setDraftId(null);
            setNotice(`Published version ${version}: every target was recomputed.`);
          }}
        />
      ) : (
        <>
          <Card
            title={current ? `Rules in force — version ${current.version}` : "Rules in force"}
            actions={
              canEdit ? (
                <Button variant="primary" onClick={() => create.mutate({ note: "" })} disabled={create.isPending}>
                  {create.isPending ? "Creating…" : "New draft from current"}
                </Button>
              ) : (
                <span className="text-xs text-slate-500">Read only: merchandisers and administrators edit policies.</span>
              )
            }
          >
            <MutationError error={create.error} />
            <RulesTable rules={current?.rules ?? []} findings={findings.data} />
          </Card>
          {drafts.length > 0 && (
            <Card title="Drafts">
              <Table aria-label="Drafts">
                <thead>
                  <tr>
                    <Th>Draft</Th>
                    <Th>Note</Th>
                    <Th>Based on</Th>
                    <Th>By</Th>
                    <Th>Updated</Th>
                    <Th align="right">Rules</Th>
                    <Th />
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {drafts.map((d) => (
                    <tr key={d.id}>
                      <Td className="font-mono text-xs">{d.id}</Td>
                      <Td>{d.note || "—"}</Td>
                      <Td>{d.basedOn ? `v${d.basedOn}` : "—"}</Td>
                      <Td>{d.createdBy}</Td>
                      <Td>{formatDateTime(d.updatedAt)}</Td>
                      <Td align="right">{d.rules.length}</Td>
                      <Td align="right">
                        <Button size="sm" variant="secondary" onClick={() => setDraftId(d.id)}>
                          {canEdit ? "Open" : "View"}
                        </Button>
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </Card>
          )}
          <SuggestBuffersPanel
            canEdit={canEdit}
            initialDays={advisor.days}
            initialChannel={advisor.channel}
            onDrafted={(id) => {
              setNotice(null);
              setDraftId(id);
              window.scrollTo({ top: 0 });
            }}
          />
        </>
      )}
      <ExplainerPanel draftId={draftId} />
      <VersionsPanel versions={versions} canEdit={canEdit} />
    </div>
  );
}
