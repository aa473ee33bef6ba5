import { createTRPCRouter } from "../../trpc";
import { me } from "./me";
import { readLag } from "./read-lag";

export const viewerRouter = createTRPCRouter({ me, readLag });
