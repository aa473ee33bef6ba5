import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ADMIN, putMasterData, uniqueCode } from "../fixtures/api";

const fixture = (name: string) => readFileSync(path.join(process.cwd(), "server/edi/fixtures", name), "utf8");

test("POST /api/v1/edi/x12 maps a partner's 997 through the real server, refuses the wrong content type, a user token and broken X12", async ({ request }) => {
  const code = uniqueCode("EDI").toLowerCase();
  const { connectorKeys } = await putMasterData(request, { connectors: [{ code, kind: "edi" }] });
  const auth = { authorization: `Bearer ${connectorKeys[code]}` };
  const ok = await request.post("/api/v1/edi/x12", { headers: { ...auth, "content-type": "application/edi-x12" }, data: fixture("997-accepted.x12") });
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { received: number; accepted: number; results: { eventId: string; status: string }[]; transactions: unknown[] };
  expect(body).toMatchObject({ received: 1, accepted: 1, results: [{ eventId: "000000978-0001-1", status: "accepted" }], transactions: [{ set: "997", control: "0001", events: 1, status: "accepted" }] });

  expect((await request.post("/api/v1/edi/x12", { headers: { ...auth, "content-type": "text/plain" }, data: fixture("997-accepted.x12") })).status()).toBe(415);
  expect((await request.post("/api/v1/edi/x12", { headers: { ...ADMIN, "content-type": "application/edi-x12" }, data: fixture("997-accepted.x12") })).status()).toBe(403);
  const broken = await request.post("/api/v1/edi/x12", { headers: { ...auth, "content-type": "application/edi-x12" }, data: fixture("997-accepted.x12").replace("IEA*1*000000978~\n", "") });
  expect(broken.status()).toBe(400);
  expect(((await broken.json()) as { error: { code: string } }).error.code).toBe("invalid_body");
});
