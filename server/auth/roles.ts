import { z } from "zod";

export const ROLES = ["ops", "merchandiser", "executive", "admin"] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export const ROLE_LABEL: Record<TRole, string> = {
  ops: "Operations manager",
  merchandiser: "Merchandiser",
  executive: "Executive",
  admin: "Administrator",
};

/** Who may do what: one table the server checks and the UI reads to hide what a role may not do. */
export const CAN = {
  act_on_exceptions: ["ops", "admin"],
  replay: ["ops", "admin"],
  edit_policies: ["merchandiser", "admin"],
  manage_master_data: ["admin"],
  manage_users: ["admin"],
  manage_tokens: ["admin"],
  manage_notifications: ["ops", "admin"],
  reconcile: ["ops", "admin"],
  edit_reconciliation_settings: ["admin"],
} as const satisfies Record<string, readonly TRole[]>;
export type TPermission = keyof typeof CAN;

export function can(role: TRole | undefined, permission: TPermission): boolean {
  return !!role && (CAN[permission] as readonly TRole[]).includes(role);
}

export function asRole(value: unknown): TRole {
  const parsed = ZRole.safeParse(value);
  return parsed.success ? parsed.data : "executive";
}
