import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/server/db";

function baseUrl(): string {
  return process.env.SIGHTLINE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

function create() {
  const port = process.env.PORT ?? "3000";
  return betterAuth({
    appName: "Sightline",
    baseURL: baseUrl(),
    secret: process.env.SIGHTLINE_SECRET,
    trustedOrigins: [baseUrl(), `http://localhost:${port}`, `http://127.0.0.1:${port}`],
    database: prismaAdapter(db, { provider: "postgresql" }),
    // Accounts are created by admins in Settings (and the demo seed), never by self sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "executive", input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7 },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

type TAuth = ReturnType<typeof create>;
const holder = globalThis as unknown as { __sightlineAuth?: TAuth };

/** Better Auth, created on first use (it needs DATABASE_URL and SIGHTLINE_SECRET). */
export function auth(): TAuth {
  holder.__sightlineAuth ??= create();
  return holder.__sightlineAuth;
}
