import { z } from "zod";
import type { TEndpoint } from "@/server/openapi/registry";
import { ZExceptionAction, ZExceptionGroup, ZExceptionId, ZExceptionList, ZExceptionListQuery } from "./exceptions.types";

const params = z.object({ id: ZExceptionId });

export const exceptionEndpoints: TEndpoint[] = [
  {
    method: "get",
    path: "/api/v1/exceptions",
    summary: "The exception queue: groups by fingerprint (kind + scope)",
    description:
      "Without `state`, every state is listed. state, kind and severity take comma-separated lists; sort is impact (default), age or sla; limit defaults to 50, clamped to 500; pass nextCursor back as cursor.",
    auth: "user",
    query: ZExceptionListQuery,
    response: ZExceptionList,
  },
  {
    method: "get",
    path: "/api/v1/exceptions/[id]",
    summary: "One exception group",
    auth: "user",
    params,
    response: ZExceptionGroup,
    statuses: { "404": "No such group" },
  },
  {
    method: "post",
    path: "/api/v1/exceptions/[id]/actions",
    summary: "Acknowledge, snooze, resolve, reopen, assign or note a group",
    description:
      "States move open → acknowledged | snoozed | resolved; acknowledged → snoozed | resolved; snoozed → acknowledged | resolved (and open when `until` passes); resolved → open. Anything else is 400 invalid_transition; an unknown action is 400 unknown_action. Answers the updated group; every action is audited.",
    auth: "user",
    roles: ["ops", "admin"],
    params,
    body: ZExceptionAction,
    response: ZExceptionGroup,
    statuses: { "404": "No such group" },
  },
];
