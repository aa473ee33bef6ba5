import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { listAudit, recordAudit } from "./audit";

describe("audit log", () => {
  it("is append-only for the application's database role", async () => {
    const row = await recordAudit(db, { actorEmail: "a@example.test", action: "test.thing", targetType: "test", targetId: 1 });
    await expect(db.$executeRaw`update audit_log set action = 'changed' where id = ${row.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`delete from audit_log where id = ${row.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`truncate audit_log`).rejects.toThrow(/append-only/);
    const listed = await listAudit(db, { targetType: "test", targetId: "1" });
    expect(listed.items.map((i) => i.action)).toEqual(["test.thing"]);
  });
});
