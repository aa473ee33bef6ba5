// The HTTP side of a SIGHTLINE_ROLE=worker process: /api/health (what a load balancer or an
// orchestrator probes) and nothing else. Next.js is not loaded at all.
import http from "node:http";
import { checkDatabase } from "@/server/database/health";

export function startHealthServer(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/api/health") {
      void checkDatabase().then((isDbOk) => {
        res.writeHead(isDbOk ? 200 : 503, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...(isDbOk ? {} : { "retry-after": "2" }) });
        res.end(JSON.stringify({ status: isDbOk ? "ok" : "degraded", db: isDbOk ? "ok" : "unavailable", role: "worker" }));
      });
      return;
    }
    res.writeHead(404, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(JSON.stringify({ error: { code: "not_found", message: "This is a worker process (SIGHTLINE_ROLE=worker): it serves /api/health only. Pages and the API are on the web replicas." } }));
  });
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve(server));
  });
}
