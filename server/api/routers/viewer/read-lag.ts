import { readSource } from "@/server/database/read-replica";
import { protectedProcedure, writtenLsn } from "../../trpc";

/** Where this session's page reads go and how far behind that is (the "data as of N s ago" notice). */
export const readLag = protectedProcedure.query(({ ctx }) => readSource(writtenLsn(ctx.headers)));
