// POST /api/v1/policies/suggestions/draft: a draft from the current version with each named
// channel's own safety buffer set to its recommended units, and a note that says where the
// numbers came from. Preview and publish then work on it as on any draft.
import { db } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import { currentPolicy } from "@/server/policies/current";
import type { TPolicyRule } from "@/server/policies/policy.types";
import { createDraft } from "@/server/policies/versions";
import { ZSuggestionsDraft, type TSuggestion, type TSuggestionsDraft } from "./advisor.types";
import { bufferSuggestions } from "./suggestions";

const NOTE_MAX = 500;

/** The rules with each channel's own safety buffer (scope: that channel alone) set to `units`. */
export function withChannelBuffers(rules: readonly TPolicyRule[], buffers: { channel: string; units: number }[]): TPolicyRule[] {
  const isOwn = (r: TPolicyRule, channel: string) => r.kind === "safety_buffer" && r.scope.channel === channel && !r.scope.sku && !r.scope.location;
  const out = [...rules];
  for (const b of buffers) {
    const rule: TPolicyRule = { kind: "safety_buffer", scope: { channel: b.channel }, units: b.units };
    const at = out.findIndex((r) => isOwn(r, b.channel));
    if (at >= 0) out[at] = rule;
    else out.push(rule);
  }
  return out;
}

/** "Buffer advisor, 2026-11-06 → 2026-12-06 (30 days): amazon 12 units (avoids 19 of 21 oversells; 4 orders affected); …" */
export function advisorNote(items: TSuggestion[], meta: { from: string; to: string; days: number }, note?: string): string {
  const parts = items.map(
    (s) => `${s.channel} ${s.recommended.units} units (avoids ${s.recommended.oversellsAvoided} of ${s.oversells} oversells; ${s.recommended.ordersAffected} orders affected)`,
  );
  const text = `Buffer advisor, ${meta.from.slice(0, 10)} → ${meta.to.slice(0, 10)} (${meta.days} ${meta.days === 1 ? "day" : "days"}): ${parts.join("; ")}`;
  const full = note ? `${note} — ${text}` : text;
  return full.length > NOTE_MAX ? `${full.slice(0, NOTE_MAX - 1)}…` : full;
}

export async function draftFromSuggestions(input: TSuggestionsDraft, by: string, now = new Date()) {
  const body = ZSuggestionsDraft.parse(input);
  const codes = [...new Set(body.channels)];
  const known = new Set((await db.channel.findMany({ where: { code: { in: codes } }, select: { code: true } })).map((c) => c.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) {
    throw new AppError("invalid_field", `channels: no channel has the code ${unknown.join(", ")}.`, { details: [{ path: "channels", field: "channels", message: `unknown channel ${unknown[0]}` }] });
  }
  const suggestions = await bufferSuggestions({ days: body.days }, now);
  const chosen = suggestions.items.filter((s) => codes.includes(s.channel));
  const { rules } = await currentPolicy(db);
  const next = withChannelBuffers(rules, chosen.map((s) => ({ channel: s.channel, units: s.recommended.units })));
  return createDraft({ rules: next, note: advisorNote(chosen, suggestions, body.note) }, by);
}
