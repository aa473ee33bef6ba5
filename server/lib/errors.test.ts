import { describe, expect, it } from "vitest";
import { AppError, GENERIC_MESSAGE, isDatabaseUnavailable, toAppError } from "./errors";

describe("isDatabaseUnavailable", () => {
  it("recognises what pg, the Prisma adapter and Prisma say when PostgreSQL is gone or saturated", () => {
    const unavailable = [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      new Error("timeout exceeded when trying to connect"),
      new Error("Client has encountered a connection error and is not queryable"),
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      Object.assign(new Error("the database system is in recovery mode"), { code: "57P03" }),
      Object.assign(new Error("sorry, too many clients already"), { code: "53300" }),
      Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }),
      // Prisma's "Server has closed the connection", with the adapter's cause in meta
      Object.assign(new Error("Invalid `db.apiToken.findUnique()` invocation: Server has closed the connection."), { code: "P1017", meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "ConnectionClosed" } } } }),
      Object.assign(new Error("Timed out fetching a new connection from the connection pool."), { code: "P2024" }),
      Object.assign(new Error("DriverAdapterError"), { cause: { kind: "DatabaseNotReachable" } }),
    ];
    for (const e of unavailable) expect(isDatabaseUnavailable(e), e.message).toBe(true);
  });

  it("does not take an ordinary failure for an outage", () => {
    for (const e of [new Error("boom"), Object.assign(new Error("duplicate key"), { code: "23505" }), Object.assign(new Error("x"), { code: "P2002" }), new TypeError("undefined is not a function")]) {
      expect(isDatabaseUnavailable(e)).toBe(false);
    }
  });
});

describe("toAppError", () => {
  it("turns an outage into 503 with Retry-After and anything unexpected into the generic 500", () => {
    const outage = toAppError(Object.assign(new Error("Server has closed the connection"), { code: "P1017" }));
    expect(outage).toMatchObject({ isUnexpected: false, appError: { status: 503, code: "overloaded", retryAfterSeconds: 2 } });
    const bug = toAppError(new Error("secret detail at /srv/app.ts:12"));
    expect(bug.isUnexpected).toBe(true);
    expect(bug.appError.message).toBe(GENERIC_MESSAGE);
    const known = new AppError("not_found", "No such thing.");
    expect(toAppError(known).appError).toBe(known);
  });
});
