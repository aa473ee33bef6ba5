import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { RULE_KIND_LABEL, RULE_KINDS, type TPolicyRule } from "@/server/policies/policy.types";
import type { TRuleFinding } from "@/server/policies/shadowed";
import { valueText } from "./rule-text";

function ScopeCell({ value, isSku }: { value: string | undefined; isSku?: boolean }) {
  if (!value) return <span className="text-slate-400">any</span>;
  if (isSku) {
    return (
      <Link href={`/skus/${encodeURIComponent(value)}`} className="font-mono text-brand-700 hover:underline">
        {value}
      </Link>
    );
  }
  return <span className="font-mono">{value}</span>;
}

/** Rules grouped by kind; with `onEdit`/`onRemove` the rows offer those actions. */
export function RulesTable({
  rules,
  findings = [],
  onEdit,
  onRemove,
}: {
  rules: readonly TPolicyRule[];
  findings?: readonly TRuleFinding[];
  onEdit?: (index: number) => void;
  onRemove?: (index: number) => void;
}) {
  if (rules.length === 0) return <EmptyState title="No rules">Every channel may sell the whole ATP of its eligible locations.</EmptyState>;
  const byIndex = new Map(findings.map((f) => [f.index, f]));
  const rows = RULE_KINDS.flatMap((kind) => rules.map((rule, index) => ({ rule, index })).filter((r) => r.rule.kind === kind));
  return (
    <Table aria-label="Rules">
      <thead>
        <tr>
          <Th>#</Th>
          <Th>Kind</Th>
          <Th>Channel</Th>
          <Th>SKU</Th>
          <Th>Location</Th>
          <Th>Value</Th>
          <Th>Applies</Th>
          {(onEdit || onRemove) && <Th />}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(({ rule, index }) => {
          const finding = byIndex.get(index);
          return (
            <tr key={index} data-testid={`rule-${index + 1}`} className={finding ? "bg-amber-50/50" : undefined}>
              <Td className="text-xs text-slate-500">{index + 1}</Td>
              <Td className="font-medium text-slate-900">{RULE_KIND_LABEL[rule.kind]}</Td>
              <Td>
                <ScopeCell value={rule.scope.channel} />
              </Td>
              <Td>
                <ScopeCell value={rule.scope.sku} isSku />
              </Td>
              <Td>
                <ScopeCell value={rule.scope.location} />
              </Td>
              <Td>{valueText(rule)}</Td>
              <Td className="whitespace-normal!">
                {finding ? (
                  <span className="text-xs text-amber-800">
                    <Badge tone="warn">{finding.kind === "shadowed" ? "shadowed" : "never applies"}</Badge> {finding.message}
                  </span>
                ) : (
                  <Badge tone="good">yes</Badge>
                )}
              </Td>
              {(onEdit || onRemove) && (
                <Td align="right">
                  {onEdit && (
                    <Button size="sm" variant="ghost" onClick={() => onEdit(index)} aria-label={`Edit rule ${index + 1}`}>
                      Edit
                    </Button>
                  )}
                  {onRemove && (
                    <Button size="sm" variant="ghost" onClick={() => onRemove(index)} aria-label={`Remove rule ${index + 1}`}>
                      Remove
                    </Button>
                  )}
                </Td>
              )}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
