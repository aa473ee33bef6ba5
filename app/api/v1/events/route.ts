import { getEvents } from "@/server/events/http";

export const GET = getEvents;
