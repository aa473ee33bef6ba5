import { jsonResponse, restHandler } from "@/server/http/rest";
import { parseExceptionId } from "@/server/exceptions/exceptions.types";
import { getException, toContract } from "@/server/exceptions/queries";

export const dynamic = "force-dynamic";

export const GET = restHandler({ auth: "user" }, async ({ params }) => {
  return jsonResponse(toContract(await getException(parseExceptionId(params.id))));
});
