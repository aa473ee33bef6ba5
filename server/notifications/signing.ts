// Standard Webhooks signing: `webhook-signature` is `v1,` + base64 HMAC-SHA256 of
// `{id}.{timestamp}.{body}`, keyed by the base64-decoded bytes after `whsec_`.
import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";

/** A new endpoint secret: `whsec_` + 32 random bytes, base64. */
export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64")}`;
}

export function signatureOf(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/**
 * The three headers for one attempt. After a rotation the previous secret signs too (until its
 * grace time ends): the signatures are space-separated and a receiver accepts any that verifies.
 */
export function webhookHeaders(opts: { id: string; body: string; secrets: string[]; now?: Date }): Record<string, string> {
  const timestamp = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  return {
    "webhook-id": opts.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": opts.secrets.map((s) => signatureOf(s, opts.id, timestamp, opts.body)).join(" "),
  };
}
