/** Domain errors carry a machine-readable code; one mapping turns them into HTTP and tRPC errors. */
export const ERROR_STATUS = {
  invalid_body: 400,
  invalid_field: 400,
  invalid_query: 400,
  invalid_path: 400,
  invalid_transition: 400,
  unknown_action: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  plan_stale: 409,
  plan_already_applied: 409,
  run_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  overloaded: 503,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;

export type TErrorDetail = { path?: string; field?: string; message: string; code?: string; index?: number };

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly details?: TErrorDetail[];
  readonly retryAfterSeconds?: number;

  constructor(code: TErrorCode, message: string, opts: { details?: TErrorDetail[]; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.details = opts.details;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const GENERIC_MESSAGE = "Something went wrong on our side. It has been logged; please try again.";

// shutdown, crash, starting up, too many connections, connection failures; and a statement that
// could not finish in time (statement_timeout, lock_timeout): contention, so retry later as well
const PG_UNAVAILABLE = new Set(["57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08006", "57014", "55P03"]);
const NODE_UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"]);
// Prisma: can't reach / timed out / server closed the connection / no pool connection in time
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// what @prisma/adapter-pg reports for a socket that failed
const ADAPTER_UNAVAILABLE = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|Can't reach database|connection refused|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|terminating connection|Client has encountered a connection error|Server has closed the connection/i;

/** True when an error means the database is unreachable or saturated (answer 503, retry later). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; depth++) {
    const err = e as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof err.code === "string" && (PG_UNAVAILABLE.has(err.code) || NODE_UNAVAILABLE.has(err.code) || PRISMA_UNAVAILABLE.has(err.code))) return true;
    if (typeof err.kind === "string" && ADAPTER_UNAVAILABLE.has(err.kind)) return true;
    const message = typeof err.message === "string" ? err.message : "";
    if (UNAVAILABLE_MESSAGE.test(message)) return true;
    e = err.meta?.driverAdapterError ?? err.cause;
  }
  return false;
}

/** Normalises anything thrown into an AppError; unexpected errors become a generic 500. */
export function toAppError(error: unknown): { appError: AppError; isUnexpected: boolean } {
  if (error instanceof AppError) return { appError: error, isUnexpected: false };
  if (isDatabaseUnavailable(error)) {
    return {
      appError: new AppError("overloaded", "The database is unavailable or saturated; retry shortly.", { retryAfterSeconds: 2 }),
      isUnexpected: false,
    };
  }
  return { appError: new AppError("internal_error", GENERIC_MESSAGE), isUnexpected: true };
}
