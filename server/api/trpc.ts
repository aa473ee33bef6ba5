import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { resolvePrincipal, requireUser, type TPrincipal } from "@/server/auth/principal";
import { onReadReplica, primaryWalLsn } from "@/server/database/read-replica";
import type { TRole } from "@/server/auth/roles";
import { AppError, toAppError } from "@/server/lib/errors";
import { logger } from "@/server/lib/logger";

/** The session's last write position (see `rememberWrites`): its reads wait for the replica to pass it. */
const WRITE_COOKIE = "sightline-wal";

export function writtenLsn(headers: Headers): string | null {
  return /(?:^|;\s*)sightline-wal=([0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8})(?:;|$)/.exec(headers.get("cookie") ?? "")?.[1] ?? null;
}

export async function createTRPCContext(opts: { headers: Headers; resHeaders?: Headers }) {
  const requestId = opts.headers.get("x-request-id") ?? randomUUID();
  let principal: TPrincipal | null = null;
  let credentialError: AppError | null = null;
  try {
    principal = await resolvePrincipal(opts.headers);
  } catch (e) {
    credentialError = toAppError(e).appError;
  }
  const log = logger.child({ requestId, via: "trpc", ...(principal?.kind === "user" ? { user: principal.user.email } : {}) });
  return { headers: opts.headers, ...(opts.resHeaders ? { resHeaders: opts.resHeaders } : {}), principal, credentialError, log, requestId };
}
export type TTRPCContext = Awaited<ReturnType<typeof createTRPCContext>>;

const TRPC_CODE: Record<number, TRPCError["code"]> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

/** "id: Too big: expected int to be <=9007199254740991 (and 1 more)" rather than the issues as raw JSON. */
function zodMessage(error: ZodError): string {
  const [first] = error.issues;
  if (!first) return "Invalid input.";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
  return `${first.path.length ? `${first.path.join(".")}: ` : ""}${first.message}${more}`;
}

const t = initTRPC.context<TTRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const app = error.cause instanceof AppError ? error.cause : null;
    return {
      ...shape,
      message: app ? app.message : error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on our side; please try again." : error.cause instanceof ZodError ? zodMessage(error.cause) : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        appCode: app?.code ?? null,
        details: app?.details ?? (error.cause instanceof ZodError ? error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : null),
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** The one place AppErrors become tRPC errors; unexpected ones are logged and made generic. */
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (result.error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof TRPCError)) {
      const { appError, isUnexpected } = toAppError(cause ?? result.error);
      if (isUnexpected) ctx.log.error({ err: cause ?? result.error, path }, "unexpected error");
      throw new TRPCError({ code: TRPC_CODE[appError.status] ?? "INTERNAL_SERVER_ERROR", message: appError.message, cause: appError });
    }
  }
  return result;
});

/**
 * Read-your-writes with a read replica: after a mutation, the session carries the primary's WAL
 * position in a cookie, and its replica reads go to the primary until the replica has replayed it.
 */
const rememberWrites = t.middleware(async ({ ctx, next, type }) => {
  const result = await next();
  if (type === "mutation" && result.ok && ctx.resHeaders && process.env.DATABASE_READ_URL) {
    const lsn = await primaryWalLsn().catch(() => null);
    if (lsn) ctx.resHeaders.append("set-cookie", `${WRITE_COOKIE}=${lsn}; Path=/; HttpOnly; SameSite=Lax`);
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorMapping).use(rememberWrites);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.credentialError) throw ctx.credentialError;
  const principal = requireUser(ctx.principal);
  return next({ ctx: { ...ctx, principal, user: principal.user } });
});

/**
 * A page's read (dashboards, KPIs, lists, drift, exports): served by the read replica when there is
 * one (server/database/read-replica.ts). Writes, and reads that plan a write, stay on protectedProcedure.
 */
export const replicaProcedure = protectedProcedure.use(async ({ ctx, next, type }) => {
  if (type !== "query") return next();
  // tRPC hands back a failure as a result: thrown here, so a replica that failed the read is left
  // for the primary (onReadReplica runs it again there), and anything else fails as it would have
  return onReadReplica(writtenLsn(ctx.headers), async () => {
    const result = await next();
    if (!result.ok) throw result.error;
    return result;
  });
});

export function roleProcedure(...roles: TRole[]) {
  return protectedProcedure.use(({ ctx, next }) => {
    requireUser(ctx.principal, roles);
    return next();
  });
}
