import { CAN, can, ROLE_LABEL, type TPermission } from "@/server/auth/roles";
import { protectedProcedure } from "../../trpc";

export const me = protectedProcedure.query(({ ctx }) => {
  const permissions = Object.fromEntries(
    (Object.keys(CAN) as TPermission[]).map((p) => [p, can(ctx.user.role, p)]),
  ) as Record<TPermission, boolean>;
  return { ...ctx.user, roleLabel: ROLE_LABEL[ctx.user.role], permissions };
});
