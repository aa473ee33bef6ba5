// One POST to a receiver through http.request (so the SSRF-filtering agent sees every connection),
// following up to 3 redirects (each re-checked at connect time), cut off after the timeout; keeps
// at most 1 KB of the answer.
import http from "node:http";
import https from "node:https";
import type { TNotifyConfig } from "./config";
import { agentFor } from "./ssrf";

export const RESPONSE_KEEP_BYTES = 1024;
const MAX_REDIRECTS = 3;
/** read this much of an answer before dropping the connection (the rest is not wanted) */
const READ_LIMIT = 64 * 1024;

export type TPostResult = {
  statusCode: number | null;
  responseBody: string | null;
  retryAfterSeconds: number | null;
  error: string | null;
  durationMs: number;
};

/** Retry-After as seconds: a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

type THop = { statusCode: number; headers: http.IncomingHttpHeaders; body: string };

function once(url: URL, body: string, headers: Record<string, string>, config: TNotifyConfig, signal: AbortSignal): Promise<THop> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        agent: agentFor(url, config),
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "Sightline-Notifications/1", ...headers },
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < READ_LIMIT) chunks.push(chunk);
          size += chunk.length;
          if (size >= READ_LIMIT) response.destroy();
        });
        const done = () => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") });
        response.on("end", done);
        response.on("close", done);
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

export async function postJson(target: string, body: string, headers: Record<string, string>, config: TNotifyConfig): Promise<TPostResult> {
  const started = performance.now();
  const signal = AbortSignal.timeout(config.timeoutMs);
  const elapsed = () => Math.round(performance.now() - started);
  let url = new URL(target);
  try {
    for (let hop = 0; ; hop++) {
      const answer = await once(url, body, headers, config, signal);
      const location = answer.headers.location;
      if (answer.statusCode >= 300 && answer.statusCode < 400 && location && hop < MAX_REDIRECTS) {
        const next = new URL(location, url);
        if (next.protocol !== "http:" && next.protocol !== "https:") throw new Error(`redirected to ${next.protocol} (only http and https are followed)`);
        url = next;
        continue;
      }
      return {
        statusCode: answer.statusCode,
        responseBody: answer.body ? Buffer.from(answer.body).subarray(0, RESPONSE_KEEP_BYTES).toString("utf8") : null,
        retryAfterSeconds: parseRetryAfter(answer.headers["retry-after"] as string | undefined),
        error: answer.statusCode >= 300 && answer.statusCode < 400 ? `redirected more than ${MAX_REDIRECTS} times` : null,
        durationMs: elapsed(),
      };
    }
  } catch (err) {
    const e = err as Error & { code?: string };
    const message = signal.aborted ? `no answer within ${config.timeoutMs / 1000} s` : `${e.message}${e.code && !e.message.includes(e.code) ? ` (${e.code})` : ""}`;
    return { statusCode: null, responseBody: null, retryAfterSeconds: null, error: message.slice(0, 500), durationMs: elapsed() };
  }
}
