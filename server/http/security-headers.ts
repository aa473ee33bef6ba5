// The headers browsers enforce, on every answer this process sends: pages, API answers, 404s,
// static files and the edge's own errors. Set at the edge (server/main.ts) rather than in a Next.js
// proxy or next.config.js headers(), because only there does one place see all of those.
import { randomBytes } from "node:crypto";
import type http from "node:http";

/**
 * The page policy. Scripts run only with this request's nonce ('strict-dynamic' lets Next's nonced
 * bootstrap load its chunks); styles allow 'unsafe-inline' for React's style attributes and
 * recharts (a nonce there would switch 'unsafe-inline' off). In development React needs eval.
 */
export function contentSecurityPolicy(nonce: string, { isDev = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
};

/**
 * Sets the protections on the response before Next.js writes it, and hands Next.js this request's
 * policy as a request header: Next reads the nonce from it and puts it on every script it renders
 * (node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md). Whatever policy the
 * client sent in that header is replaced, so it can never choose the nonce.
 */
export function applySecurityHeaders(req: http.IncomingMessage, res: http.ServerResponse, { isDev = false } = {}) {
  const policy = contentSecurityPolicy(randomBytes(16).toString("base64"), { isDev });
  req.headers["content-security-policy"] = policy;
  delete req.headers["content-security-policy-report-only"];
  res.setHeader("content-security-policy", policy);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) res.setHeader(name, value);
}
