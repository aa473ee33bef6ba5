import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { resolvePrincipal, requireConnector, requireUser, type TConnectorPrincipal, type TPrincipal, type TUserPrincipal } from "@/server/auth/principal";
import type { TRole } from "@/server/auth/roles";
import { AppError, toAppError, type TErrorDetail } from "@/server/lib/errors";
import { isCrossSiteRequest } from "./origin";
import { logger, type TLogger } from "@/server/lib/logger";

export type TRestContext<P> = { request: Request; principal: P; log: TLogger; requestId: string; params: Record<string, string> };

type TAuthKind = "public" | "user" | "connector" | "any";
type TPrincipalFor<A extends TAuthKind> = A extends "user"
  ? TUserPrincipal
  : A extends "connector"
    ? TConnectorPrincipal
    : A extends "any"
      ? TUserPrincipal | TConnectorPrincipal
      : TPrincipal | null;

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}) {
  return jsonTextResponse(JSON.stringify(body), init);
}

/** The same for a body already serialised. */
export function jsonTextResponse(text: string, init: { status?: number; headers?: Record<string, string> } = {}) {
  return new Response(text, {
    status: init.status ?? 200,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...init.headers },
  });
}

export function errorResponse(error: AppError, requestId?: string) {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers["retry-after"] = String(error.retryAfterSeconds);
  if (requestId) headers["x-request-id"] = requestId;
  const body: { error: { code: string; message: string; details?: TErrorDetail[] } } = { error: { code: error.code, message: error.message } };
  if (error.details?.length) body.error.details = error.details;
  return jsonResponse(body, { status: error.status, headers });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Wraps a REST handler: request id and logger, credentials and role, one error shape. */
export function restHandler<A extends TAuthKind>(
  opts: { auth: A; roles?: readonly TRole[] },
  handle: (ctx: TRestContext<TPrincipalFor<A>>) => Promise<Response>,
) {
  return async (request: Request, route?: { params?: Promise<Record<string, string | string[]>> }) => {
    const requestId = request.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
    const url = new URL(request.url);
    let log = logger.child({ requestId, method: request.method, path: url.pathname });
    const started = performance.now();
    let response: Response;
    try {
      const rawParams = (await route?.params) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const principal = opts.auth === "public" ? await resolvePrincipal(request.headers).catch(() => null) : await resolvePrincipal(request.headers);
      // A browser attaches the session cookie to a form posted from any site; a bearer token it never sends by itself.
      if (principal?.kind === "user" && principal.via === "session" && !SAFE_METHODS.has(request.method) && isCrossSiteRequest(request)) {
        throw new AppError("forbidden", "Cross-site requests are refused.");
      }
      let checked: TPrincipal | null = principal;
      if (opts.auth === "user") checked = requireUser(principal, opts.roles);
      else if (opts.auth === "connector") checked = requireConnector(principal);
      else if (opts.auth === "any") {
        if (!principal) throw new AppError("unauthorized", "Send `Authorization: Bearer <connector key or user API token>`.");
        if (principal.kind === "user") requireUser(principal, opts.roles);
      }
      if (checked) log = log.child(checked.kind === "user" ? { user: checked.user.email } : { connector: checked.connector.code });
      response = await handle({ request, principal: checked as TPrincipalFor<A>, log, requestId, params });
    } catch (error) {
      const { appError, isUnexpected } = toAppError(error);
      if (isUnexpected) log.error({ err: error }, "unexpected error");
      else if (appError.status >= 500) log.warn({ code: appError.code, err: (error as Error).message }, "unavailable");
      response = errorResponse(appError, requestId);
    }
    response.headers.set("x-request-id", requestId);
    log.info({ status: response.status, ms: Math.round(performance.now() - started) }, "request");
    return response;
  };
}

/** Reads a body as text, refusing it (413) as soon as it passes `maxBytes`, without buffering more. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new AppError("payload_too_large", `The body is ${declared} bytes; at most ${maxBytes} are accepted. Split it into smaller requests.`);
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not cancel(): Next.js's body stream would then fail the whole response (a 500 after the 413's
      // head). The rest is dropped as it arrives, and the answer closes the connection (server/main.ts).
      reader.releaseLock();
      throw new AppError("payload_too_large", `The body passed ${maxBytes} bytes; split it into smaller requests.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function requireContentType(request: Request, accepted: string[]) {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!accepted.includes(type)) {
    throw new AppError("unsupported_media_type", `Content-Type must be ${accepted.join(" or ")}${type ? `, not ${type}` : ""}.`);
  }
  return type;
}

/** Turns zod issues into error details that name the item and the field. */
export function zodDetails(error: z.ZodError): TErrorDetail[] {
  return error.issues.slice(0, 100).map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
      .join("");
    const field = [...issue.path].reverse().find((p) => typeof p === "string");
    return { path: path || "(body)", field: field ? String(field) : undefined, message: issue.message };
  });
}

export async function parseJsonBody<T>(request: Request, schema: z.ZodType<T>, maxBytes: number): Promise<T> {
  requireContentType(request, ["application/json"]);
  return validBody(schema, parseJsonText(await readBodyText(request, maxBytes)));
}

/** A JSON body where sending none at all means `{}` (so a missing field is a 400 that says so, not a 415). */
export async function parseJsonBodyOrEmpty<T>(request: Request, schema: z.ZodType<T>, maxBytes: number): Promise<T> {
  const text = (await readBodyText(request, maxBytes)).trim();
  if (text) requireContentType(request, ["application/json"]);
  return validBody(schema, text ? parseJsonText(text) : {});
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("invalid_body", `The body is not valid JSON: ${(e as Error).message}`);
  }
}

function validBody<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const details = zodDetails(parsed.error);
    throw new AppError("invalid_field", `${details[0]!.path}: ${details[0]!.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}`, { details });
  }
  return parsed.data;
}

export function parseQuery<T>(request: Request, schema: z.ZodType<T>): T {
  const url = new URL(request.url);
  const raw: Record<string, string> = {};
  url.searchParams.forEach((v, k) => {
    if (v !== "") raw[k] = v;
  });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const details = zodDetails(parsed.error);
    throw new AppError("invalid_query", `${details[0]!.path}: ${details[0]!.message}`, { details });
  }
  return parsed.data;
}
