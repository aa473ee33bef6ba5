import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken, ZCreateApiToken } from "@/server/auth/api-tokens";
import { CAN, ZRole } from "@/server/auth/roles";
import { createUser, listUsers, setUserRole, ZCreateUser } from "@/server/auth/users";
import { createTRPCRouter, roleProcedure } from "../../trpc";

const admin = roleProcedure(...CAN.manage_users);

export const settingsRouter = createTRPCRouter({
  users: admin.query(() => listUsers()),
  createUser: admin.input(ZCreateUser).mutation(({ input, ctx }) => createUser(input, ctx.user.email)),
  setUserRole: admin.input(z.object({ userId: z.string().min(1), role: ZRole })).mutation(({ input, ctx }) => setUserRole(input.userId, input.role, ctx.user.email)),
  apiTokens: admin.query(() => listApiTokens()),
  createApiToken: admin
    .input(ZCreateApiToken)
    .mutation(({ input, ctx }) => createApiToken({ name: input.name, userId: input.userId ?? ctx.user.id }, ctx.user.email)),
  revokeApiToken: admin.input(z.object({ id: z.number().int() })).mutation(({ input, ctx }) => revokeApiToken(input.id, ctx.user.email)),
});
