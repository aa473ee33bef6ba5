// Which stored events a replay selector names, in the order they will be applied.
import type pg from "pg";
import { AppError } from "@/server/lib/errors";
import { MAX_PLAN_EVENTS, type TReplaySelector } from "./replay.types";

export type TSelection = {
  /** event log ids, in occurredAt / sequence order */
  pks: string[];
  /** how a held event released by this plan is recorded */
  releasedBy: "replay" | "operator";
};

type TGroup = { id: number; kind: string; connector_id: number | null; scope_value: string | null; reason_code: string | null };

/**
 * Resolves a selector to event ids. Every field narrows (AND). Without explicit ids the selection is
 * the held and rejected events (the dead-letter store and the held queue); explicit ids are taken
 * whatever their status, so an id already accepted shows up as "would skip".
 */
export async function selectEvents(client: pg.ClientBase, selector: TReplaySelector): Promise<TSelection> {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    let sql = clause;
    for (const v of values) {
      args.push(v);
      sql = sql.replace("?", `$${args.length}`);
    }
    where.push(sql);
  };
  let releasedBy: TSelection["releasedBy"] = selector.status === "held" ? "operator" : "replay";

  if (selector.exceptionId !== undefined) {
    const group = (
      await client.query<TGroup>("select id, kind, connector_id, scope_value, details->>'reasonCode' as reason_code from exception_group where id = $1", [selector.exceptionId])
    ).rows[0];
    if (!group) throw new AppError("not_found", `There is no exception group ${selector.exceptionId}.`);
    if (group.kind === "rejected_event") {
      // the same match the evaluator uses to decide the group has cleared
      add("e.connector_id = ?", group.connector_id);
      where.push("e.status = 'rejected'");
      add("coalesce(e.reasons->0->>'code', 'unknown') = ?", group.reason_code ?? "unknown");
      add("coalesce(e.reasons->0->>'value', e.reasons->0->>'field', '') = ?", group.scope_value ?? "");
    } else if (group.kind === "sequence_gap") {
      add("e.connector_id = ?", group.connector_id);
      where.push("e.status = 'held'");
      releasedBy = "operator";
    } else {
      add("e.id in (select event_pk from exception_occurrence where group_id = ? and event_pk is not null)", group.id);
      where.push("e.status in ('held', 'rejected')");
    }
  }
  if (selector.eventIds) add("e.id = any(?::bigint[])", selector.eventIds);
  if (selector.status) add("e.status = ?", selector.status);
  else if (!selector.eventIds) where.push("e.status in ('held', 'rejected')");
  if (selector.connector) add("e.connector_id = (select id from connector where code = ?)", selector.connector);
  if (selector.sku) add("(e.sku_id = (select id from sku where code = ?) or e.payload->>'sku' = ?)", selector.sku, selector.sku);

  const { rows } = await client.query<{ id: string }>(
    `select e.id from event e where ${where.join(" and ")}
     order by e.occurred_at nulls last, e.sequence nulls last, e.id limit ${MAX_PLAN_EVENTS + 1}`,
    args,
  );
  if (rows.length > MAX_PLAN_EVENTS) {
    throw new AppError("invalid_field", `The selector matches more than ${MAX_PLAN_EVENTS.toLocaleString("en-US")} events; narrow it (connector, sku, status or an exception group) and replay in parts.`);
  }
  return { pks: rows.map((r) => r.id), releasedBy };
}
