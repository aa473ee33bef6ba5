import { listDrift } from "@/server/drift/drift-page";
import { ZChannelDriftPage, ZDriftQuery, ZStalenessPage, ZSystemDriftPage } from "@/server/drift/drift.types";
import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";

const CONTRACT = { channel: ZChannelDriftPage, system: ZSystemDriftPage, staleness: ZStalenessPage } as const;

export const GET = restHandler({ auth: "user" }, async ({ request }) => {
  const query = parseQuery(request, ZDriftQuery);
  return jsonResponse(CONTRACT[query.kind].parse(await listDrift(query)));
});
