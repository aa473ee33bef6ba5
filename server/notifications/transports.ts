// How one message reaches its endpoint: a signed webhook POST, a Slack-compatible POST, or an
// email through nodemailer. Each answers what happened, in the delivery log's terms.
import nodemailer, { type Transporter } from "nodemailer";
import type { TNotifyConfig } from "./config";
import { signingSecrets, type TEndpointRow } from "./endpoint-rows";
import { postJson, type TPostResult } from "./http-post";
import { renderMessage, renderSlack, type TPayload } from "./render";
import { webhookHeaders } from "./signing";

export type TSendResult = TPostResult & { isDelivered: boolean; isGone: boolean };

export type TOutgoing = { id: string; payload: TPayload; toAddress: string | null };

function fromPost(r: TPostResult): TSendResult {
  const ok = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300 && !r.error;
  return { ...r, isDelivered: ok, isGone: r.statusCode === 410, error: r.error ?? (ok ? null : `answered ${r.statusCode}`) };
}

const transporters = new Map<string, Transporter>();
function mailer(url: string): Transporter {
  let t = transporters.get(url);
  if (!t) {
    t = nodemailer.createTransport(url.includes("pool=") ? url : `${url}${url.includes("?") ? "&" : "?"}pool=true&maxConnections=5`);
    transporters.set(url, t);
  }
  return t;
}

async function sendEmail(to: string[], payload: TPayload, messageId: string, config: TNotifyConfig): Promise<TSendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (!config.smtpUrl) {
    return { statusCode: null, responseBody: null, retryAfterSeconds: null, error: "SIGHTLINE_SMTP_URL is not set: email cannot be sent", durationMs: 0, isDelivered: false, isGone: false };
  }
  const rendered = renderMessage(payload);
  try {
    const info = await Promise.race([
      mailer(config.smtpUrl).sendMail({ from: config.mailFrom, to, subject: rendered.subject, text: rendered.text, html: rendered.html, headers: { "X-Sightline-Message-Id": messageId } }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer from the SMTP server within ${config.timeoutMs / 1000} s`)), config.timeoutMs).unref()),
    ]);
    const response = String(info.response ?? "");
    const code = Number(/^(\d{3})/.exec(response)?.[1] ?? 250);
    return { statusCode: code, responseBody: response.slice(0, 1024), retryAfterSeconds: null, error: null, durationMs: elapsed(), isDelivered: true, isGone: false };
  } catch (err) {
    const e = err as Error & { responseCode?: number; response?: string };
    return { statusCode: e.responseCode ?? null, responseBody: e.response?.slice(0, 1024) ?? null, retryAfterSeconds: null, error: e.message.slice(0, 500), durationMs: elapsed(), isDelivered: false, isGone: false };
  }
}

/** Sends one message to its endpoint (or, without one, to the assignee's address). */
export async function send(message: TOutgoing, endpoint: TEndpointRow | null, config: TNotifyConfig): Promise<TSendResult> {
  if (!endpoint) return sendEmail([message.toAddress!], message.payload, message.id, config);
  if (endpoint.kind === "email") return sendEmail(endpoint.to_addresses ?? [], message.payload, message.id, config);
  if (endpoint.kind === "slack") return fromPost(await postJson(endpoint.url!, JSON.stringify(renderSlack(message.payload)), {}, config));
  const body = JSON.stringify(message.payload);
  const headers = webhookHeaders({ id: message.id, body, secrets: signingSecrets(endpoint) });
  return fromPost(await postJson(endpoint.url!, body, headers, config));
}
