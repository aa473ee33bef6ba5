import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { isCrossSiteRequest } from "@/server/http/origin";
import { AppError } from "@/server/lib/errors";

function handler(req: Request) {
  // Mutations from another site (a form post riding on the session cookie) are refused outright.
  if (req.method === "POST" && isCrossSiteRequest(req)) {
    return Response.json({ error: { code: "forbidden", message: "Cross-site requests are refused." } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createTRPCContext({ headers: req.headers, resHeaders }),
    // 503 (database unavailable) and 429 say when to come back, as the REST API does
    responseMeta: ({ errors }) => {
      const waits = errors.map((e) => (e.cause instanceof AppError ? e.cause.retryAfterSeconds : undefined)).filter((s): s is number => s !== undefined);
      return waits.length ? { headers: { "retry-after": String(Math.max(...waits)) } } : {};
    },
  });
}

export { handler as GET, handler as POST };
