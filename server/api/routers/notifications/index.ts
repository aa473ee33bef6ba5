import { z } from "zod";
import { CAN } from "@/server/auth/roles";
import { notifyConfig } from "@/server/notifications/config";
import { demoReceipts } from "@/server/notifications/demo";
import { createEndpoint, deleteEndpoint, listEndpoints, recoverFailed, rotateSecret, sendTest, updateEndpoint } from "@/server/notifications/endpoints";
import { getMessage, listMessages, redeliverMessage } from "@/server/notifications/messages";
import { ZEndpointCreate, ZEndpointId, ZEndpointListQuery, ZEndpointPatch, ZMessageId, ZMessageListQuery, ZRecover } from "@/server/notifications/notifications.types";
import { createTRPCRouter, protectedProcedure, roleProcedure } from "../../trpc";

const change = roleProcedure(...CAN.manage_notifications);
const ZId = z.object({ id: ZEndpointId });

export const notificationsRouter = createTRPCRouter({
  /** what the page says about this instance: is email set up, how long the hold is, demo mode */
  settings: protectedProcedure.query(() => {
    const c = notifyConfig();
    return { isEmailReady: !!c.smtpUrl, mailFrom: c.mailFrom, holdSeconds: c.holdSeconds, retrySeconds: c.retrySeconds, disableAfterHours: c.disableAfterHours, allowPrivate: c.allowPrivate, isDemo: c.isDemo };
  }),
  endpoints: protectedProcedure.input(ZEndpointListQuery).query(({ input }) => listEndpoints(input)),
  createEndpoint: change.input(ZEndpointCreate).mutation(({ input, ctx }) => createEndpoint(input, ctx.user)),
  updateEndpoint: change.input(ZId.extend({ patch: ZEndpointPatch })).mutation(({ input, ctx }) => updateEndpoint(input.id, input.patch, ctx.user)),
  deleteEndpoint: change.input(ZId).mutation(({ input, ctx }) => deleteEndpoint(input.id, ctx.user)),
  rotateSecret: change.input(ZId).mutation(({ input, ctx }) => rotateSecret(input.id, ctx.user)),
  sendTest: change.input(ZId).mutation(({ input, ctx }) => sendTest(input.id, ctx.user)),
  recover: change.input(ZId.extend(ZRecover.shape)).mutation(({ input, ctx }) => recoverFailed(input.id, input.since, ctx.user)),
  messages: protectedProcedure.input(ZMessageListQuery).query(({ input }) => listMessages(input)),
  message: protectedProcedure.input(z.object({ id: ZMessageId })).query(({ input }) => getMessage(input.id)),
  redeliver: change.input(z.object({ id: ZMessageId })).mutation(({ input, ctx }) => redeliverMessage(input.id, ctx.user)),
  demoReceipts: protectedProcedure.query(() => demoReceipts()),
});
