import { z } from "zod";
import { CAN } from "@/server/auth/roles";
import { jsonResponse, parseJsonBody, restHandler, zodDetails } from "@/server/http/rest";
import { AppError } from "@/server/lib/errors";
import { actOnException } from "@/server/exceptions/actions";
import { ACTION_BODY_MAX_BYTES, parseExceptionId } from "@/server/exceptions/exceptions.types";
import { toContract } from "@/server/exceptions/queries";
import { ACTION_NAMES, parseAction } from "@/server/exceptions/state-machine";

export const dynamic = "force-dynamic";

export const POST = restHandler({ auth: "user", roles: CAN.act_on_exceptions }, async ({ request, params, principal }) => {
  const id = parseExceptionId(params.id);
  const parsed = parseAction(await parseJsonBody(request, z.unknown(), ACTION_BODY_MAX_BYTES));
  if (!parsed.ok && parsed.code === "unknown_action") {
    throw new AppError("unknown_action", `action must be one of ${ACTION_NAMES.join(", ")}.`);
  }
  if (!parsed.ok) {
    const details = zodDetails(parsed.issues!);
    throw new AppError("invalid_field", `${details[0]!.path}: ${details[0]!.message}`, { details });
  }
  return jsonResponse(toContract(await actOnException(id, parsed.action, principal.user)));
});
