import { parseQuery, restHandler } from "@/server/http/rest";
import { runIdParam } from "@/server/reconciliation/http";
import { linesCsvStream } from "@/server/reconciliation/lines";
import { ZLineFilters } from "@/server/reconciliation/reconciliation.types";

export const dynamic = "force-dynamic";

/** The lines of a run as CSV, with the same filters as /lines, streamed page by page. */
export const GET = restHandler({ auth: "user" }, async ({ request, params }) => {
  const id = runIdParam(params.id);
  const filters = parseQuery(request, ZLineFilters.strip());
  const stream = await linesCsvStream(id, filters);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="reconciliation-${id}-lines.csv"`,
      "cache-control": "no-store",
    },
  });
});
