import { checkDatabase } from "@/server/database/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const isDbOk = await checkDatabase();
  return Response.json(
    { status: isDbOk ? "ok" : "degraded", db: isDbOk ? "ok" : "unavailable" },
    { status: isDbOk ? 200 : 503, headers: isDbOk ? { "cache-control": "no-store" } : { "cache-control": "no-store", "retry-after": "2" } },
  );
}
