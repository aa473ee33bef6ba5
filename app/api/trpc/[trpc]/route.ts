import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { isCrossSiteRequest } from "@/server/http/origin";

function handler(req: Request) {
  // Mutations from another site (a form post riding on the session cookie) are refused outright.
  if (req.method === "POST" && isCrossSiteRequest(req)) {
    return Response.json({ error: { code: "forbidden", message: "Cross-site requests are refused." } }, { status: 403 });
  }
  return fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createTRPCContext({ headers: req.headers }) });
}

export { handler as GET, handler as POST };
