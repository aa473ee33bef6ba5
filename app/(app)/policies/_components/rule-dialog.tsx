"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorDetails } from "@/components/policies/error-note";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { RULE_KIND_LABEL, RULE_KINDS, ZPolicyRule, type TPolicyRule, type TRuleKind } from "@/server/policies/policy.types";

type TAmount = "units" | "percent";
type TSaveError = Parameters<typeof ErrorDetails>[0]["error"];

const HINT: Record<TRuleKind, string> = {
  safety_buffer: "Units or a percent kept back. Scoped to a location it comes off that location's ATP (step 1); otherwise off the channel's available (step 3).",
  holdback: "Units or a percent of the pool kept for the named channel: no other channel sharing its locations may sell it.",
  allocation: "The percent of its pool a channel may use at most.",
  sell_limit: "A cap in units on what the channel may sell.",
  outage_fallback: "Used while the channel's feed or a location's authoritative source is stale: 0, or a percent of the target.",
};

/** Add or edit one rule; checked against the rule schema here and against the catalogue on save. */
export function RuleDialog({ rule, onSave, onClose, isSaving, error }: { rule: TPolicyRule | null; onSave: (rule: TPolicyRule) => void; onClose: () => void; isSaving: boolean; error: TSaveError }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.masterData.channels.queryOptions());
  const locations = useQuery(trpc.masterData.locations.queryOptions());
  const [kind, setKind] = useState<TRuleKind>(rule?.kind ?? "safety_buffer");
  const [channel, setChannel] = useState(rule?.scope.channel ?? "");
  const [sku, setSku] = useState(rule?.scope.sku ?? "");
  const [location, setLocation] = useState(rule?.scope.location ?? "");
  const [amount, setAmount] = useState<TAmount>(rule?.percent !== undefined && rule.kind !== "outage_fallback" ? "percent" : "units");
  const [mode, setMode] = useState<"zero" | "percent">(rule?.mode ?? "zero");
  const [value, setValue] = useState(String(rule?.units ?? rule?.percent ?? ""));
  const [issues, setIssues] = useState<string[]>([]);

  const takesAmountChoice = kind === "safety_buffer" || kind === "holdback";
  const takesValue = kind !== "outage_fallback" || mode === "percent";
  const isPercent = kind === "allocation" || (kind === "outage_fallback" && mode === "percent") || (takesAmountChoice && amount === "percent");

  const build = (): unknown => {
    const scope = { ...(channel ? { channel } : {}), ...(sku.trim() ? { sku: sku.trim() } : {}), ...(location && kind === "safety_buffer" ? { location } : {}) };
    const n = value.trim() === "" ? undefined : Number(value);
    if (kind === "outage_fallback") return { kind, scope, mode, ...(mode === "percent" ? { percent: n } : {}) };
    return { kind, scope, ...(isPercent ? { percent: n } : { units: n }) };
  };

  const save = () => {
    const parsed = ZPolicyRule.safeParse(build());
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => (i.message.startsWith("Invalid input") ? `${i.path.join(".")}: a number is required` : i.message)));
      return;
    }
    setIssues([]);
    onSave(parsed.data);
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={rule ? "Edit rule" : "Add a rule"}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={save} disabled={isSaving}>
            {isSaving ? "Saving…" : "Save rule"}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <Field label="Kind" htmlFor="rule-kind" hint={HINT[kind]}>
          <Select id="rule-kind" value={kind} onChange={(e) => setKind(e.target.value as TRuleKind)}>
            {RULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {RULE_KIND_LABEL[k]}
              </option>
            ))}
          </Select>
        </Field>
        <div className="grid grid-cols-3 gap-3">
          <Field label={kind === "holdback" ? "Kept for channel" : "Channel"} htmlFor="rule-channel">
            <Select id="rule-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
              <option value="">{kind === "holdback" ? "— choose —" : "any channel"}</option>
              {channels.data?.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="SKU" htmlFor="rule-sku" hint="empty: every SKU">
            <Input id="rule-sku" value={sku} onChange={(e) => setSku(e.target.value)} placeholder="any SKU" />
          </Field>
          <Field label="Location" htmlFor="rule-location" hint={kind === "safety_buffer" ? "buffers only" : "not for this kind"}>
            <Select id="rule-location" value={kind === "safety_buffer" ? location : ""} disabled={kind !== "safety_buffer"} onChange={(e) => setLocation(e.target.value)}>
              <option value="">any location</option>
              {locations.data?.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-3">
          {takesAmountChoice && (
            <Field label="Amount in" htmlFor="rule-amount">
              <Select id="rule-amount" value={amount} onChange={(e) => setAmount(e.target.value as TAmount)}>
                <option value="units">units</option>
                <option value="percent">percent</option>
              </Select>
            </Field>
          )}
          {kind === "outage_fallback" && (
            <Field label="While stale" htmlFor="rule-mode">
              <Select id="rule-mode" value={mode} onChange={(e) => setMode(e.target.value as "zero" | "percent")}>
                <option value="zero">publish 0</option>
                <option value="percent">publish a percent</option>
              </Select>
            </Field>
          )}
          {takesValue && (
            <Field label={isPercent ? "Percent" : "Units"} htmlFor="rule-value" hint={isPercent ? "0–100" : "a whole number, 0 or more"}>
              <Input id="rule-value" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />
            </Field>
          )}
        </div>
        {issues.length > 0 && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {issues.map((m) => (
              <p key={m}>{m}</p>
            ))}
          </div>
        )}
        <ErrorDetails error={error} />
      </div>
    </Dialog>
  );
}
