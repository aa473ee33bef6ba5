import { createTRPCRouter } from "../../trpc";
import { me } from "./me";

export const viewerRouter = createTRPCRouter({ me });
