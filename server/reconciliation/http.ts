import { AppError } from "@/server/lib/errors";
import { ZRunId } from "./reconciliation.types";

/** A run id from the path; anything that is not one is simply not found. */
export function runIdParam(raw: string | undefined): number {
  const parsed = ZRunId.safeParse(raw);
  if (!parsed.success || !/^\d+$/.test(raw ?? "")) throw new AppError("not_found", `There is no reconciliation run ${raw ?? ""}.`);
  return parsed.data;
}
