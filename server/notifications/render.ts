// What a message looks like to a person: an email's subject, text and HTML, and a Slack body.
// Everything is read from the message's payload, so every attempt renders the same.
import { KIND_LABEL, type TExceptionKind } from "@/server/exceptions/kinds";
import type { TMessageType } from "./notifications.types";

export type TPayload = { type: TMessageType; timestamp: string; data: Record<string, unknown> };
export type TRendered = { subject: string; text: string; html: string };

const VERB: Partial<Record<TMessageType, string>> = {
  "exception.opened": "opened",
  "exception.sla_breached": "passed its SLA",
  "exception.resolved": "resolved",
  "exception.assigned": "assigned",
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function scopeText(scope: Record<string, unknown> | undefined): string {
  const s = scope ?? {};
  const parts = [
    s.sku && `SKU ${String(s.sku)}`,
    s.location && `at ${String(s.location)}`,
    s.channel && `on ${String(s.channel)}`,
    s.connector && `from ${String(s.connector)}`,
    s.endpoint && `endpoint ${String(s.endpoint)}`,
    s.orderRef && `order ${String(s.orderRef)}`,
    s.messageRef && `message ${String(s.messageRef)}`,
  ].filter(Boolean);
  return parts.length ? parts.join(" ") : "everywhere";
}

function lines(rows: [string, unknown][]): [string, string][] {
  return rows.filter(([, v]) => v !== undefined && v !== null && v !== "").map(([k, v]) => [k, String(v)]);
}

function build(subject: string, heading: string, rows: [string, string][], link: { label: string; url: string } | null, extra: string[] = []): TRendered {
  const text = [heading, "", ...rows.map(([k, v]) => `${k}: ${v}`), ...(extra.length ? ["", ...extra] : []), ...(link ? ["", `${link.label}: ${link.url}`] : [])].join("\n");
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a">`,
    `<h2 style="font-size:16px">${escapeHtml(heading)}</h2>`,
    `<table style="font-size:14px;border-collapse:collapse">${rows.map(([k, v]) => `<tr><td style="padding:2px 12px 2px 0;color:#64748b">${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`,
    extra.length ? `<pre style="font-size:13px">${escapeHtml(extra.join("\n"))}</pre>` : "",
    link ? `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>` : "",
    `<p style="font-size:12px;color:#64748b">Sent by Sightline.</p></body></html>`,
  ].join("");
  return { subject: `[Sightline] ${subject}`, text, html };
}

export function renderMessage(payload: TPayload): TRendered {
  const d = payload.data;
  const verb = VERB[payload.type];
  if (verb) {
    const kind = KIND_LABEL[d.kind as TExceptionKind] ?? String(d.kind);
    const severity = String(d.severity ?? "").toUpperCase();
    const scope = scopeText(d.scope as Record<string, unknown>);
    const heading = `${kind} ${verb}: ${scope}`;
    return build(
      `${severity} ${kind} ${verb}: ${scope}`,
      heading,
      lines([
        ["Severity", d.severity],
        ["State", d.state],
        ["Scope", scope],
        ["Units at risk", d.unitsAtRisk],
        ["Occurrences", d.count],
        ["First seen", d.firstSeenAt],
        ["SLA due", d.slaDueAt],
        ["Assignee", d.assignee],
        ["Resolution", d.resolution],
      ]),
      d.url ? { label: "Open the exception in Sightline", url: String(d.url) } : null,
    );
  }
  if (payload.type === "exception.digest") {
    const byKind = (d.byKind ?? {}) as Record<string, number>;
    const bySeverity = (d.bySeverity ?? {}) as Record<string, number>;
    return build(
      `${String(d.count)} more exception messages between ${String(d.from)} and ${String(d.to)}`,
      `${String(d.count)} exception messages were folded into this digest (the endpoint's per-minute limit)`,
      lines([["From", d.from], ["To", d.to], ...Object.entries(bySeverity).map(([k, v]): [string, unknown] => [`Severity ${k}`, v])]),
      d.url ? { label: "Open the exception queue", url: String(d.url) } : null,
      Object.entries(byKind).map(([k, v]) => `${KIND_LABEL[k as TExceptionKind] ?? k}: ${v}`),
    );
  }
  if (payload.type === "availability.changed") {
    const items = (d.items ?? []) as { sku: string; target: number; previousTarget: number | null }[];
    return build(
      `Availability changed on ${String(d.channel)}: ${items.length} SKU${items.length === 1 ? "" : "s"}`,
      `What ${String(d.channel)} may sell changed for ${items.length} SKU${items.length === 1 ? "" : "s"}`,
      [],
      null,
      items.slice(0, 200).map((i) => `${i.sku}: ${i.previousTarget ?? "—"} → ${i.target}`).concat(items.length > 200 ? [`… and ${items.length - 200} more`] : []),
    );
  }
  if (payload.type === "reconciliation.finished") {
    const t = (d.totals ?? null) as { lines: number; match: number; withinTolerance: number; variance: number; varianceUnits: number; newVariances: number; persistent: number } | null;
    const failed = d.status === "failed";
    const summary = failed ? "failed" : `${t?.variance ?? 0} line${t?.variance === 1 ? "" : "s"} in variance`;
    return build(
      `Reconciliation run #${String(d.id)} ${failed ? "failed" : "finished"}: ${summary}`,
      `Reconciliation run #${String(d.id)} ${failed ? "failed" : "finished"}`,
      lines([
        ["Trigger", d.trigger],
        ["Started", d.startedAt],
        ["Finished", d.finishedAt],
        ["Lines", t?.lines],
        ["Match", t?.match],
        ["Within tolerance", t?.withinTolerance],
        ["In variance", t?.variance],
        ["Units in variance", t?.varianceUnits],
        ["New variances", t?.newVariances],
        ["Persisting (2+ runs)", t?.persistent],
        ["Why it failed", d.error],
      ]),
      d.url ? { label: "Open the run in Sightline", url: String(d.url) } : null,
    );
  }
  return build("Test message", "This is a test message from Sightline", lines([["Endpoint", d.endpoint], ["Sent by", d.sentBy], ["At", payload.timestamp]]), null);
}

/** A Slack-compatible incoming-webhook body: {text, blocks}. */
export function renderSlack(payload: TPayload): { text: string; blocks: unknown[] } {
  const r = renderMessage(payload);
  const text = r.subject.replace(/^\[Sightline\] /, "");
  const link = typeof payload.data.url === "string" ? payload.data.url : null;
  const detail = r.text.split("\n").slice(2, 14).join("\n");
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${text}*${link ? `\n<${link}|Open in Sightline>` : ""}` } },
      ...(detail ? [{ type: "section", text: { type: "mrkdwn", text: "```" + detail + "```" } }] : []),
    ],
  };
}
