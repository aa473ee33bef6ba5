// Notification settings from the environment, resolved once (tests pass their own).
import { env } from "@/server/env";

export type TNotifyConfig = {
  /** links in messages point here (no trailing slash) */
  publicUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  /** exception.opened waits this long, and is not sent if the group resolved meanwhile */
  holdSeconds: number;
  /** the wait before each retry; after the last one a message is failed */
  retrySeconds: number[];
  /** an endpoint whose attempts have all failed for this long is disabled */
  disableAfterHours: number;
  /** lifts the refusal of loopback, private, link-local and metadata addresses */
  allowPrivate: boolean;
  isDemo: boolean;
  /** a receiver's answer must have arrived within this */
  timeoutMs: number;
};

export const DEFAULT_RETRY_SECONDS = [5, 300, 1800, 7200, 18000, 36000, 36000];

export function parseRetrySeconds(raw: string): number[] {
  return raw
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n) && n >= 0);
}

let cached: TNotifyConfig | undefined;

export function notifyConfig(): TNotifyConfig {
  if (cached) return cached;
  const e = env();
  const publicUrl = (e.SIGHTLINE_PUBLIC_URL ?? e.SIGHTLINE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  cached = {
    publicUrl,
    smtpUrl: e.SIGHTLINE_SMTP_URL ?? null,
    mailFrom: e.SIGHTLINE_MAIL_FROM,
    holdSeconds: e.SIGHTLINE_NOTIFY_HOLD_SECONDS,
    retrySeconds: parseRetrySeconds(e.SIGHTLINE_NOTIFY_RETRY_SECONDS),
    disableAfterHours: e.SIGHTLINE_NOTIFY_DISABLE_AFTER_HOURS,
    allowPrivate: e.SIGHTLINE_WEBHOOK_ALLOW_PRIVATE === "1",
    isDemo: e.SIGHTLINE_DEMO === "1",
    timeoutMs: 15_000,
  };
  return cached;
}

/** Tests: replace (part of) the configuration for this process. */
export function setNotifyConfig(patch: Partial<TNotifyConfig>): TNotifyConfig {
  cached = { ...notifyConfig(), ...patch };
  return cached;
}
