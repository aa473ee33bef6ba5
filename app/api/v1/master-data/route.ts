import { CAN } from "@/server/auth/roles";
import { jsonResponse, parseJsonBody, restHandler } from "@/server/http/rest";
import { MASTER_DATA_MAX_BYTES, ZMasterData } from "@/server/master-data/master-data.types";
import { upsertMasterData } from "@/server/master-data/upsert";

export const PUT = restHandler({ auth: "user", roles: CAN.manage_master_data }, async ({ request, principal }) => {
  const body = await parseJsonBody(request, ZMasterData, MASTER_DATA_MAX_BYTES);
  return jsonResponse(await upsertMasterData(body, principal.user.email));
});
