import { z } from "zod";
import { CAN } from "@/server/auth/roles";
import { ZMasterData } from "@/server/master-data/master-data.types";
import { listChannels, listConnectors, listLocations, listSkus, masterDataCounts, rotateConnectorKey, ZSkuListInput } from "@/server/master-data/queries";
import { upsertMasterData } from "@/server/master-data/upsert";
import { ZCode } from "@/server/master-data/master-data.types";
import { createTRPCRouter, protectedProcedure, replicaProcedure, roleProcedure } from "../../trpc";

const admin = roleProcedure(...CAN.manage_master_data);

export const masterDataRouter = createTRPCRouter({
  counts: replicaProcedure.query(() => masterDataCounts()),
  skus: protectedProcedure.input(ZSkuListInput).query(({ input }) => listSkus(input)),
  locations: protectedProcedure.query(() => listLocations()),
  channels: protectedProcedure.query(() => listChannels()),
  connectors: protectedProcedure.query(() => listConnectors()),
  upsert: admin.input(ZMasterData).mutation(({ input, ctx }) => upsertMasterData(input, ctx.user.email)),
  rotateConnectorKey: admin.input(z.object({ code: ZCode })).mutation(({ input, ctx }) => rotateConnectorKey(input.code, ctx.user.email)),
});
