import { describe, expect, it } from "vitest";
import { asRole, can } from "./roles";

describe("roles", () => {
  it("grants each permission to exactly the roles DESIGN.md names", () => {
    expect(["ops", "admin"].every((r) => can(asRole(r), "act_on_exceptions"))).toBe(true);
    expect(["merchandiser", "executive"].some((r) => can(asRole(r), "act_on_exceptions"))).toBe(false);
    expect(can("merchandiser", "edit_policies")).toBe(true);
    expect(can("ops", "edit_policies")).toBe(false);
    expect(can("executive", "replay")).toBe(false);
    expect(can("admin", "manage_master_data")).toBe(true);
    expect(can(undefined, "replay")).toBe(false);
  });

  it("treats an unknown stored role as the least privileged", () => {
    expect(asRole("superuser")).toBe("executive");
  });
});
