import { jsonResponse, restHandler } from "@/server/http/rest";
import { runIdParam } from "@/server/reconciliation/http";
import { getRun } from "@/server/reconciliation/queries";

export const dynamic = "force-dynamic";

export const GET = restHandler({ auth: "user" }, async ({ params }) => jsonResponse(await getRun(runIdParam(params.id))));
