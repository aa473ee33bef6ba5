// 997 Functional Acknowledgment (from the partner): each AK1 (the group it acknowledges) becomes a
// message.acknowledged for messageRef = AK102, its result from AK9 (A accepted, E accepted with
// errors, R/P — and any other code — rejected), its errors what AK3/AK4/AK5/AK9 report.
import { el, eventIdOf, x12Instant, type TMapped, type TX12Source } from "./common";
import type { TX12Segment } from "./parse";

const RESULT: Record<string, string> = { A: "accepted", E: "accepted_with_errors" };
const AK5_ERRORS: Record<string, string> = {
  "1": "transaction set not supported",
  "2": "transaction set trailer missing",
  "3": "transaction set control number in header and trailer do not match",
  "4": "number of included segments does not match actual count",
  "5": "one or more segments in error",
  "6": "missing or invalid transaction set identifier",
  "7": "missing or invalid transaction set control number",
};

function errorOf(s: TX12Segment, currentSet: string): string | null {
  const codes = s.elements.slice(1).filter(Boolean);
  switch (s.tag) {
    case "AK3":
      return `${currentSet}: segment ${el(s, 1)} at position ${el(s, 2)} has an error${el(s, 4) ? ` (code ${el(s, 4)})` : ""}`;
    case "AK4":
      return `${currentSet}: element ${el(s, 1)}${el(s, 2) ? ` (${el(s, 2)})` : ""} has an error (code ${el(s, 3)})${el(s, 4) ? `: "${el(s, 4)}"` : ""}`;
    case "AK5":
      return el(s, 1) === "A" ? null : `${currentSet}: ${el(s, 1) === "E" ? "accepted with errors" : "rejected"}${codes.length ? ` — ${codes.map((c) => AK5_ERRORS[c] ?? `code ${c}`).join(", ")}` : ""}`;
    case "AK9":
      return el(s, 1) === "A" ? null : `group ${el(s, 1) === "E" ? "accepted with errors" : "rejected"}: ${el(s, 3)} received, ${el(s, 4)} accepted${s.elements.length > 4 ? ` (codes ${s.elements.slice(4).filter(Boolean).join(", ")})` : ""}`;
    default:
      return null;
  }
}

export function map997(src: TX12Source): TMapped {
  const occurredAt = x12Instant(src.group.date, src.group.time);
  const acks: { ref: string; status: string; errors: string[] }[] = [];
  let currentSet = "";
  for (const s of src.transaction.segments) {
    if (s.tag === "AK1") acks.push({ ref: el(s, 2), status: "", errors: [] });
    else if (acks.length === 0) continue;
    else if (s.tag === "AK2") currentSet = `${el(s, 1)} ${el(s, 2)}`;
    else if (s.tag === "AK9") acks.at(-1)!.status = el(s, 1);
    if (acks.length && s.tag !== "AK1") {
      const error = errorOf(s, currentSet || "transaction set");
      if (error) acks.at(-1)!.errors.push(error);
    }
  }
  const events = acks.map((a, i) => ({
    eventId: eventIdOf(src, i + 1),
    type: "message.acknowledged",
    ...(a.ref ? { messageRef: a.ref, correlationId: a.ref } : {}),
    ...(a.status ? { result: RESULT[a.status] ?? "rejected" } : {}),
    ...(a.errors.length ? { errors: a.errors } : {}),
    occurredAt,
  }));
  return { events, rejections: events.map(() => undefined), ...(acks.length ? {} : { reasons: [{ code: "missing_field" as const, field: "AK1", message: "The 997 acknowledges no group (no AK1)." }] }) };
}
