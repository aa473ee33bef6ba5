import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// prisma/migrations/migrated.prisma is the datamodel the committed migrations produce (npm run
// db:migration moves it on); a schema.prisma that differs has a change no migration carries yet.
describe("migration snapshot", () => {
  it("schema.prisma is what the migrations produce", () => {
    const schema = readFileSync("prisma/schema.prisma", "utf8");
    const migrated = readFileSync("prisma/migrations/migrated.prisma", "utf8");
    expect(schema, "run `npm run db:migration -- <name>` to author the missing migration").toBe(migrated);
  });
});
