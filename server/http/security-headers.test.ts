import type http from "node:http";
import { describe, expect, it } from "vitest";
import { applySecurityHeaders, contentSecurityPolicy } from "./security-headers";

function fakeExchange(headers: http.IncomingHttpHeaders = {}) {
  const sent = new Map<string, string>();
  const req = { headers } as http.IncomingMessage;
  const res = { setHeader: (name: string, value: string) => sent.set(name, value) } as unknown as http.ServerResponse;
  return { req, res, sent };
}

describe("security headers", () => {
  it("a page policy allows scripts only with the nonce, connects only to itself and forbids framing", () => {
    const csp = contentSecurityPolicy("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("abc123", { isDev: true })).toContain("'strict-dynamic' 'unsafe-eval'");
  });

  it("sends the same fresh policy to the browser and to Next.js, replacing one the client sent", () => {
    const { req, res, sent } = fakeExchange({ "content-security-policy": "script-src 'nonce-chosen'", "content-security-policy-report-only": "x" });
    applySecurityHeaders(req, res);
    const policy = sent.get("content-security-policy")!;
    expect(req.headers["content-security-policy"]).toBe(policy);
    expect(req.headers["content-security-policy-report-only"]).toBeUndefined();
    expect(policy).not.toContain("chosen");
    expect(sent.get("x-content-type-options")).toBe("nosniff");
    expect(sent.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(sent.get("x-frame-options")).toBe("DENY");

    const other = fakeExchange();
    applySecurityHeaders(other.req, other.res);
    expect(other.sent.get("content-security-policy")).not.toBe(policy);
  });
});
