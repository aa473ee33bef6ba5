import { jsonResponse, restHandler } from "@/server/http/rest";
import { planIdParam } from "@/server/replay/http";
import { getPlan } from "@/server/replay/queries";

export const dynamic = "force-dynamic";

export const GET = restHandler({ auth: "user" }, async ({ params }) => jsonResponse(await getPlan(planIdParam(params.id))));
