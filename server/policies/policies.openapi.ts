import type { TEndpoint } from "@/server/openapi/registry";
import { ZAvailabilityPage, ZAvailabilityQuery } from "@/server/targets/availability.types";
import { ZCreateDraft, ZDraftCreated, ZPoliciesOut, ZPreviewOut, ZPreviewQuery, ZPublish, ZPublishOut, ZRollback, ZRollbackOut } from "./policy.types";

const EDITORS = ["merchandiser", "admin"] as const;

export const policyEndpoints: TEndpoint[] = [
  {
    method: "get",
    path: "/api/v1/availability",
    summary: "What each channel may publish: target, exposure and drift per SKU × channel",
    description:
      "Keyset-paged by SKU then channel (nextCursor); `since` keeps rows whose target or exposure changed at or after it. Answers an ETag; send it back in If-None-Match to get 304 while the page is unchanged. A connector that names a channel reads that channel only (another is 403).",
    auth: "connector_or_user",
    query: ZAvailabilityQuery,
    response: ZAvailabilityPage,
    statuses: { "304": "Not modified: the page still matches If-None-Match" },
  },
  {
    method: "get",
    path: "/api/v1/policies",
    summary: "Policy versions (newest first), the current version and open drafts",
    auth: "user",
    response: ZPoliciesOut,
  },
  {
    method: "post",
    path: "/api/v1/policies/drafts",
    summary: "Create a draft: the whole rule set (omit rules to copy the current version)",
    description: "Rules are {kind, scope {channel?, sku?, location?}, units?, percent?, mode?}; scopes must name existing codes; one rule per kind × scope.",
    auth: "user",
    roles: EDITORS,
    body: ZCreateDraft,
    response: ZDraftCreated,
    statuses: { "201": "Created" },
  },
  {
    method: "get",
    path: "/api/v1/policies/drafts/[id]/preview",
    summary: "Every SKU × channel whose target the draft would change, before → after, with per-channel totals",
    description: "Largest changes first; `limit` keeps only that many (totals and changedCount still count all). Nothing is written.",
    auth: "user",
    query: ZPreviewQuery,
    response: ZPreviewOut,
    statuses: { "404": "No such draft" },
  },
  {
    method: "post",
    path: "/api/v1/policies/drafts/[id]/publish",
    summary: "Publish a draft as the next version; every target is recomputed in the same transaction",
    auth: "user",
    roles: EDITORS,
    body: ZPublish,
    response: ZPublishOut,
    statuses: { "404": "No such draft" },
  },
  {
    method: "post",
    path: "/api/v1/policies/versions/[version]/rollback",
    summary: "Roll back to an earlier version (itself a new version, with a reason)",
    auth: "user",
    roles: EDITORS,
    body: ZRollback,
    response: ZRollbackOut,
    statuses: { "404": "No such version", "409": "That version is already current" },
  },
];
