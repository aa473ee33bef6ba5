// The notification contracts (DESIGN.md "Notifications" and its rows in the HTTP API table): one zod
// schema per contract, shared by the REST handlers, the tRPC procedures and the tests.
import { z } from "zod";
import { EXCEPTION_KINDS, SEVERITIES } from "@/server/exceptions/kinds";
import { ZCode } from "@/server/master-data/master-data.types";

/**
 * Message types. Each domain that tells the outside world something adds its type here (and the
 * code that writes it); endpoints subscribe by name. `exception.digest` is sent to any endpoint
 * whose per-minute limit folded exception messages, and `notification.test` whenever asked.
 */
export const MESSAGE_TYPES = [
  "exception.opened",
  "exception.sla_breached",
  "exception.resolved",
  "exception.assigned",
  "exception.digest",
  "availability.changed",
  "reconciliation.finished",
  "notification.test",
] as const;
export const ZMessageType = z.enum(MESSAGE_TYPES);
export type TMessageType = z.infer<typeof ZMessageType>;

/** The types an exception transition makes (filtered by the endpoint's `filter`, rate limited). */
export const EXCEPTION_MESSAGE_TYPES = ["exception.opened", "exception.sla_breached", "exception.resolved", "exception.assigned"] as const satisfies readonly TMessageType[];
export type TExceptionMessageType = (typeof EXCEPTION_MESSAGE_TYPES)[number];

/** What an endpoint subscribes to when it does not say. */
export const DEFAULT_EVENT_TYPES: TMessageType[] = ["exception.opened", "exception.sla_breached", "exception.resolved", "exception.assigned", "exception.digest"];

export const ENDPOINT_KINDS = ["webhook", "slack", "email"] as const;
export const ZEndpointKind = z.enum(ENDPOINT_KINDS);
export type TEndpointKind = z.infer<typeof ZEndpointKind>;

export const ENDPOINT_STATUSES = ["healthy", "failing", "disabled"] as const;
export const MESSAGE_STATUSES = ["pending", "delivered", "retrying", "failed"] as const;
export const ZMessageStatus = z.enum(MESSAGE_STATUSES);
export type TMessageStatus = z.infer<typeof ZMessageStatus>;

export const ZEndpointFilter = z.strictObject({
  kinds: z.array(z.enum(EXCEPTION_KINDS)).max(50).optional(),
  minSeverity: z.enum(SEVERITIES).optional(),
  channels: z.array(ZCode).max(500).optional(),
  locations: z.array(ZCode).max(500).optional(),
  connectors: z.array(ZCode).max(500).optional(),
});
export type TEndpointFilter = z.infer<typeof ZEndpointFilter>;

const ZUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((u) => URL.canParse(u), "must be an absolute http(s) URL")
  .refine((u) => /^https?:$/.test(new URL(u).protocol), "must be an http:// or https:// URL")
  .refine((u) => !new URL(u).username && !new URL(u).password, "must not carry credentials (user:password@)");
const ZEmail = z.email().max(254).transform((e) => e.toLowerCase());
const ZInstant = z.iso.datetime({ offset: true });

const endpointFields = {
  url: ZUrl.optional(),
  /** addresses (email endpoints): a list, or one string of comma-separated addresses */
  to: z
    .preprocess((v) => (typeof v === "string" ? v.split(",").map((a) => a.trim()).filter(Boolean) : v), z.array(ZEmail).min(1).max(50))
    .optional(),
  description: z.string().trim().max(500).optional(),
  eventTypes: z.array(ZMessageType).min(1).max(MESSAGE_TYPES.length).optional(),
  filter: ZEndpointFilter.optional(),
  enabled: z.boolean().optional(),
  mutedUntil: ZInstant.nullable().optional(),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
};

/** POST /api/v1/notifications/endpoints */
export const ZEndpointCreate = z
  .strictObject({ kind: ZEndpointKind, ...endpointFields })
  .refine((b) => b.kind === "email" || !!b.url, { message: "a webhook or slack endpoint needs `url`", path: ["url"] })
  .refine((b) => b.kind !== "email" || !!b.to, { message: "an email endpoint needs `to` (one or more addresses)", path: ["to"] })
  .refine((b) => b.kind === "email" || b.to === undefined, { message: "`to` is for email endpoints; send `url`", path: ["to"] })
  .refine((b) => b.kind !== "email" || b.url === undefined, { message: "`url` is for webhook and slack endpoints; send `to`", path: ["url"] });
export type TEndpointCreate = z.infer<typeof ZEndpointCreate>;

/** PATCH /api/v1/notifications/endpoints/{id}: any field but the kind */
export const ZEndpointPatch = z.strictObject(endpointFields).refine((b) => Object.keys(b).length > 0, { message: "send at least one field to change" });
export type TEndpointPatch = z.infer<typeof ZEndpointPatch>;

export const ZEndpoint = z.object({
  id: z.string(),
  kind: ZEndpointKind,
  url: z.string().optional(),
  to: z.array(z.string()).optional(),
  description: z.string(),
  eventTypes: z.array(ZMessageType),
  filter: ZEndpointFilter,
  enabled: z.boolean(),
  mutedUntil: z.iso.datetime().nullable(),
  rateLimitPerMinute: z.number().int(),
  status: z.enum(ENDPOINT_STATUSES),
  createdAt: z.iso.datetime(),
  /** extensions: why it was disabled, when it last delivered or failed, since when it fails */
  disabledReason: z.string().nullable(),
  lastSuccessAt: z.iso.datetime().nullable(),
  lastFailureAt: z.iso.datetime().nullable(),
  failingSince: z.iso.datetime().nullable(),
  isDemo: z.boolean(),
});
export type TEndpoint = z.infer<typeof ZEndpoint>;

export const ZEndpointCreated = ZEndpoint.extend({ secret: z.string().optional() });
export const ZEndpointList = z.object({ items: z.array(ZEndpoint), nextCursor: z.string().nullable() });

const ZLimit = z.coerce
  .number()
  .int()
  .default(50)
  .transform((n) => Math.min(Math.max(n, 1), 500));

export const ZEndpointListQuery = z.object({ limit: ZLimit, cursor: z.string().max(200).optional() });
export type TEndpointListQuery = z.infer<typeof ZEndpointListQuery>;

export const ZEndpointId = z.string().regex(/^ep_[A-Za-z0-9_-]{6,40}$/, "not an endpoint id");
export const ZMessageId = z.string().regex(/^msg_[A-Za-z0-9_-]{6,60}$/, "not a message id");

export const ZRecover = z.strictObject({ since: ZInstant });
export type TRecover = z.infer<typeof ZRecover>;

export const ZMessageListQuery = z.object({
  endpoint: ZEndpointId.optional(),
  type: ZMessageType.optional(),
  status: ZMessageStatus.optional(),
  /** only messages about this exception group */
  group: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  limit: ZLimit,
  cursor: z.string().max(200).optional(),
});
export type TMessageListQuery = z.infer<typeof ZMessageListQuery>;

export const ZMessage = z.object({
  id: z.string(),
  endpoint: z.string().nullable(),
  type: ZMessageType,
  status: ZMessageStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  nextAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  /** extension: the address of an assignee's email (no endpoint) */
  to: z.string().nullable(),
});
export type TMessage = z.infer<typeof ZMessage>;

export const ZAttempt = z.object({
  at: z.iso.datetime(),
  statusCode: z.number().int().nullable(),
  durationMs: z.number().int(),
  error: z.string().optional(),
  responseBody: z.string().optional(),
});

export const ZMessageDetail = ZMessage.extend({
  payload: z.object({ type: ZMessageType, timestamp: z.iso.datetime(), data: z.record(z.string(), z.unknown()) }),
  attemptLog: z.array(ZAttempt),
});
export type TMessageDetail = z.infer<typeof ZMessageDetail>;
export const ZMessageList = z.object({ items: z.array(ZMessage), nextCursor: z.string().nullable() });

export const NOTIFICATION_BODY_MAX_BYTES = 64 * 1024;
