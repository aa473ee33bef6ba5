import { jsonResponse, restHandler } from "@/server/http/rest";
import { listPolicies } from "@/server/policies/versions";

export const GET = restHandler({ auth: "user" }, async () => jsonResponse(await listPolicies()));
