"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorDetails } from "@/components/policies/error-note";
import { RulesTable } from "@/components/policies/rules-table";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Field, Textarea } from "@/components/ui/field";
import type { TPolicyRule } from "@/server/policies/policy.types";
import { PreviewPanel } from "./preview-panel";
import { RuleDialog } from "./rule-dialog";

function PublishDialog({ draftId, onClose, onPublished }: { draftId: string; onClose: () => void; onPublished: (version: number) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const publish = useMutation(
    trpc.policies.publish.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.policies.pathKey() });
        onPublished(result.version);
      },
    }),
  );
  const isReasonValid = reason.trim().length >= 3;
  return (
    <Dialog
      open
      onClose={onClose}
      title="Publish this draft"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={!isReasonValid || publish.isPending} onClick={() => publish.mutate({ id: draftId, reason: reason.trim() })}>
            {publish.isPending ? "Publishing…" : "Publish"}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <p className="text-sm text-slate-600">Publishing makes this the current version and recomputes every target at once. Connectors read the new targets immediately.</p>
        <Field label="Reason" htmlFor="publish-reason" hint="Required: it is kept with the version and in the audit log">
          <Textarea id="publish-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
        </Field>
        <ErrorDetails error={publish.error} />
      </div>
    </Dialog>
  );
}

/** One draft: its rules (editable by merchandisers and admins), what would never apply, the preview, publish. */
export function DraftEditor({ draftId, canEdit, onClose, onPublished }: { draftId: string; canEdit: boolean; onClose: () => void; onPublished: (version: number) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const draft = useQuery(trpc.policies.draft.queryOptions({ id: draftId }));
  const rules = draft.data?.rules ?? [];
  const findings = useQuery(trpc.policies.findings.queryOptions({ draftId }));
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [isPreviewing, setIsPreviewing] = useState(false);
  const [isPublishing, setIsPublishing] = useState(false);
  const update = useMutation(
    trpc.policies.updateDraft.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.policies.pathKey() });
        setEditing(null);
      },
    }),
  );
  const discard = useMutation(
    trpc.policies.discardDraft.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
        onClose();
      },
    }),
  );
  const saveRules = (next: TPolicyRule[]) => update.mutate({ id: draftId, rules: next });

  return (
    <div className="space-y-5">
      <Card
        title={
          <span>
            Draft <span className="font-mono text-xs text-slate-500">{draftId}</span> {draft.data?.note && <span className="font-normal text-slate-600">— {draft.data.note}</span>}{" "}
            {draft.data?.basedOn != null && <Badge>based on version {draft.data.basedOn}</Badge>}
          </span>
        }
        actions={
          <div className="flex gap-2">
            {canEdit && (
              <Button
                variant="secondary"
                onClick={() => {
                  update.reset();
                  setEditing("new");
                }}
              >
                Add rule
              </Button>
            )}
            <Button variant="primary" onClick={() => setIsPreviewing(true)}>
              Preview
            </Button>
            {canEdit && (
              <Button variant="ghost" onClick={() => discard.mutate({ id: draftId })} disabled={discard.isPending}>
                Discard draft
              </Button>
            )}
            <Button variant="ghost" onClick={onClose}>
              Close
            </Button>
          </div>
        }
      >
        <ErrorNote error={draft.error} />
        {editing === null && <ErrorDetails error={update.error} />}
        {draft.isPending ? (
          <LoadingRows />
        ) : (
          <RulesTable
            rules={rules}
            findings={findings.data}
            onEdit={
              canEdit
                ? (i) => {
                    update.reset();
                    setEditing(i);
                  }
                : undefined
            }
            onRemove={canEdit ? (i) => saveRules(rules.filter((_, j) => j !== i)) : undefined}
          />
        )}
      </Card>
      {isPreviewing && (
        <PreviewPanel
          key={draft.dataUpdatedAt}
          draftId={draftId}
          actions={
            canEdit ? (
              <Button variant="primary" onClick={() => setIsPublishing(true)}>
                Publish…
              </Button>
            ) : undefined
          }
        />
      )}
      {editing !== null && (
        <RuleDialog
          rule={editing === "new" ? null : (rules[editing] ?? null)}
          isSaving={update.isPending}
          error={update.error}
          onClose={() => setEditing(null)}
          onSave={(rule) => saveRules(editing === "new" ? [...rules, rule] : rules.map((r, i) => (i === editing ? rule : r)))}
        />
      )}
      {isPublishing && <PublishDialog draftId={draftId} onClose={() => setIsPublishing(false)} onPublished={onPublished} />}
    </div>
  );
}
