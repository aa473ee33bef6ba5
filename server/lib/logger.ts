import pino from "pino";

// Structured JSON logs; anything that looks like a credential is redacted before it is written.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { app: "sightline" },
  redact: {
    paths: [
      "authorization",
      "headers.authorization",
      "headers.cookie",
      "*.password",
      "*.token",
      "*.key",
      "*.apiKey",
      "*.webhookSecret",
      "connectorKeys",
      "*.connectorKeys",
    ],
    censor: "[redacted]",
  },
});

export type TLogger = pino.Logger;

export function requestLogger(fields: { requestId: string; path: string; method: string; user?: string }) {
  return logger.child(fields);
}
