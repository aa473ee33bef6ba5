import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";
import { runIdParam } from "@/server/reconciliation/http";
import { listLines } from "@/server/reconciliation/lines";
import { ZLinesQuery } from "@/server/reconciliation/reconciliation.types";

export const dynamic = "force-dynamic";

export const GET = restHandler({ auth: "user" }, async ({ request, params }) => {
  const id = runIdParam(params.id);
  return jsonResponse(await listLines(id, parseQuery(request, ZLinesQuery)));
});
