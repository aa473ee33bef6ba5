import type { TReplaySelector } from "@/server/replay/replay.types";

/** A selector in words: "exception #12 · connector erp · rejected". */
export function selectorText(s: TReplaySelector): string {
  const parts: string[] = [];
  if (s.exceptionId !== undefined) parts.push(`exception #${s.exceptionId}`);
  if (s.eventIds) parts.push(s.eventIds.length === 1 ? `event #${s.eventIds[0]}` : `${s.eventIds.length} events by id`);
  if (s.connector) parts.push(`connector ${s.connector}`);
  if (s.status) parts.push(s.status === "held" ? "held" : "rejected");
  if (s.sku) parts.push(`sku ${s.sku}`);
  return parts.length ? parts.join(" · ") : "every held and rejected event";
}
