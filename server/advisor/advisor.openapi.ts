import type { TEndpoint } from "@/server/openapi/registry";
import { ZDraftCreated } from "@/server/policies/policy.types";
import { ZSuggestionsDraft, ZSuggestionsOut, ZSuggestionsQuery } from "./advisor.types";

export const advisorEndpoints: TEndpoint[] = [
  {
    method: "get",
    path: "/api/v1/policies/suggestions",
    summary: "Buffer advisor: per channel, the safety buffer its own history says it needs",
    description:
      "For each order in the range (quantity q), the channel's last exposure of the SKU before it (e) and the pool's ATP just before it (a): a buffer b would have shown e − b and refused the order when e − b < q. `curve` counts, per buffer 0, 1, 2, …, the oversells (a < q) it avoids and the fine orders (a ≥ q) it loses, and the unit-hours it withholds; `recommended` is the smallest buffer avoiding ≥ 90 % of what the largest on the curve avoids. Always `{items: [...]}`, one item per channel (one with `channel`).",
    auth: "user",
    query: ZSuggestionsQuery,
    response: ZSuggestionsOut,
  },
  {
    method: "post",
    path: "/api/v1/policies/suggestions/draft",
    summary: "A draft from the current version with the named channels' safety buffers set to their recommendations",
    description: "Each channel's rule scoped to the channel alone becomes {kind: safety_buffer, units: recommended}; the note says the range and the oversells avoided. Preview and publish it as any draft.",
    auth: "user",
    roles: ["merchandiser", "admin"],
    body: ZSuggestionsDraft,
    response: ZDraftCreated,
    statuses: { "201": "Created" },
  },
];
