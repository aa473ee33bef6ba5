import { z } from "zod";
import type { TEndpoint } from "@/server/openapi/registry";
import { ZEndpoint, ZEndpointCreate, ZEndpointCreated, ZEndpointId, ZEndpointList, ZEndpointListQuery, ZEndpointPatch, ZMessageDetail, ZMessageId, ZMessageList, ZMessageListQuery, ZRecover } from "./notifications.types";

const endpointParams = z.object({ id: ZEndpointId });
const messageParams = z.object({ id: ZMessageId });
const roles = ["ops", "admin"] as const;

export const notificationEndpoints: TEndpoint[] = [
  {
    method: "get",
    path: "/api/v1/notifications/endpoints",
    summary: "Notification endpoints (webhook, slack, email) with their status",
    description: "status is disabled when not enabled, failing while its deliveries fail (a notification_failing exception is open meanwhile), else healthy.",
    auth: "user",
    query: ZEndpointListQuery,
    response: ZEndpointList,
  },
  {
    method: "post",
    path: "/api/v1/notifications/endpoints",
    summary: "Add an endpoint; a webhook's signing secret is in the answer, once",
    description:
      "A webhook or slack url must be http(s) and must not reach a loopback, private, link-local or metadata address (400 invalid_field; checked again at connect time, on every redirect) unless SIGHTLINE_WEBHOOK_ALLOW_PRIVATE=1. eventTypes default to the exception messages; rateLimitPerMinute to 30. Audited.",
    auth: "user",
    roles,
    body: ZEndpointCreate,
    response: ZEndpointCreated,
    statuses: { "201": "Created (the secret is shown once)" },
  },
  { method: "get", path: "/api/v1/notifications/endpoints/[id]", summary: "One endpoint", auth: "user", params: endpointParams, response: ZEndpoint, statuses: { "404": "No such endpoint" } },
  {
    method: "patch",
    path: "/api/v1/notifications/endpoints/[id]",
    summary: "Change an endpoint (any field but its kind): enable, disable, mute until a time, filters…",
    auth: "user",
    roles,
    params: endpointParams,
    body: ZEndpointPatch,
    response: ZEndpoint,
    statuses: { "404": "No such endpoint" },
  },
  { method: "delete", path: "/api/v1/notifications/endpoints/[id]", summary: "Delete an endpoint and its delivery log", auth: "user", roles, params: endpointParams, statuses: { "204": "Deleted", "404": "No such endpoint" } },
  {
    method: "post",
    path: "/api/v1/notifications/endpoints/[id]/rotate-secret",
    summary: "A new signing secret (shown once); the previous one also signs for 24 h",
    auth: "user",
    roles,
    params: endpointParams,
    response: z.object({ secret: z.string(), previousValidUntil: z.iso.datetime() }),
    statuses: { "404": "No such endpoint" },
  },
  {
    method: "post",
    path: "/api/v1/notifications/endpoints/[id]/test",
    summary: "Send a notification.test message (delivered and logged like any other)",
    auth: "user",
    roles,
    params: endpointParams,
    response: z.object({ id: z.string() }),
    statuses: { "404": "No such endpoint" },
  },
  {
    method: "post",
    path: "/api/v1/notifications/endpoints/[id]/recover",
    summary: "Deliver again every failed message of the endpoint since a time (same webhook-id)",
    auth: "user",
    roles,
    params: endpointParams,
    body: ZRecover,
    response: z.object({ redelivering: z.number().int() }),
    statuses: { "404": "No such endpoint", "409": "The endpoint is disabled: enable it first" },
  },
  {
    method: "get",
    path: "/api/v1/notifications/messages",
    summary: "The delivery log, newest first",
    description: "limit defaults to 50, clamped to 500; pass nextCursor back as cursor.",
    auth: "user",
    query: ZMessageListQuery,
    response: ZMessageList,
  },
  {
    method: "get",
    path: "/api/v1/notifications/messages/[id]",
    summary: "One message: its payload and every attempt (status, duration, error, ≤ 1 KB of the answer)",
    auth: "user",
    params: messageParams,
    response: ZMessageDetail,
    statuses: { "404": "No such message" },
  },
  {
    method: "post",
    path: "/api/v1/notifications/messages/[id]/redeliver",
    summary: "Deliver one message again, with the same id (webhook-id)",
    auth: "user",
    roles,
    params: messageParams,
    response: z.object({ id: z.string() }),
    statuses: { "404": "No such message" },
  },
];
