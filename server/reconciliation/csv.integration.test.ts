import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { linesCsvStream, listLines } from "./lines";
import { ZLinesQuery } from "./reconciliation.types";

async function csvText(runId: number, filters = {}) {
  const reader = (await linesCsvStream(runId, filters)).getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
  }
}

describe("the CSV of a large run", () => {
  it("streams every line over many pages, in the lines API's order", async () => {
    // 25,000 lines written straight into a done run: 6,000 SKUs × 4 locations and 1,000 channel lines
    await db.$executeRaw`insert into location (code, kind, updated_at) select 'CSV-L' || i, 'warehouse', now() from generate_series(1, 4) i`;
    await db.$executeRaw`insert into channel (code, kind, freshness_slo_seconds, updated_at) values ('csv-web', 'shopify', 300, now())`;
    await db.$executeRaw`insert into sku (code, updated_at) select 'CSV-' || lpad(i::text, 5, '0'), now() from generate_series(1, 6000) i`;
    const [run] = await db.$queryRaw<{ id: number }[]>`
      insert into reconciliation_run (status, trigger, scope_key, tolerance_units, tolerance_percent, finished_at, systems) values ('done', 'manual', '{"csv":1}', 0, 0, now(), '{erp,wms}') returning id`;
    await db.$executeRaw`
      insert into reconciliation_line (run_id, sku_id, kind, place_id, status, spread, book, systems, runs, since_run_id, moved_by)
      select ${run!.id}, s.id, 0, l.id, case when s.id % 50 = 0 then 0 when s.id % 7 = 0 then 1 else 2 end, case when s.id % 50 = 0 then s.id % 13 + 1 when s.id % 7 = 0 then 1 else 0 end,
             10, jsonb_build_object('erp', 10 + case when s.id % 50 = 0 then s.id % 13 + 1 else 0 end, 'wms', 10), case when s.id % 50 = 0 then 1 else 0 end, case when s.id % 50 = 0 then ${run!.id}::int end, 'wms'
      from sku s cross join location l where s.code like 'CSV-%' and l.code like 'CSV-L%'`;
    await db.$executeRaw`
      insert into reconciliation_line (run_id, sku_id, kind, place_id, status, spread, target, exposed, moved_by)
      select ${run!.id}, s.id, 1, c.id, 2, 0, 5, 5, 'target' from sku s cross join channel c where s.code like 'CSV-%' and c.code = 'csv-web' and s.id % 6 = 0`;
    await db.$executeRaw`analyze reconciliation_line`;
    const total = 24_000 + 1_000;

    const lines = (await csvText(run!.id)).trimEnd().split("\r\n");
    expect(lines[0]).toBe("kind,sku,location,channel,status,spread,runs,since,since_at,book,system:erp,system:wms,target,exposed,moved_by,moved_at,sku_name");
    expect(lines).toHaveLength(1 + total);

    // the same order as the API, page after page
    const api: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listLines(run!.id, ZLinesQuery.parse({ limit: 500, ...(cursor ? { cursor } : {}) }));
      api.push(...page.items.map((l) => `${l.kind},${l.sku},${l.location ?? ""},${l.channel ?? ""},${l.status},${l.spread}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(api).toHaveLength(total);
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 6).join(","))).toEqual(api);

    // and a filter over several pages
    const matches = (await csvText(run!.id, { status: "match", kind: "location" })).trimEnd().split("\r\n");
    expect(matches.length - 1).toBe(api.filter((l) => l.startsWith("location,") && l.includes(",match,")).length);
  });
});
