// Check 9: a replay applied twice → applied once, audited twice. The replay API (POST
// /api/v1/replays, /replays/{id}/apply) is being built on branch `replay`; this check is written
// against it once it lands on main.
import { describe, it } from "vitest";

describe("check 9: replay applied twice", () => {
  it.todo("applies once and audits both attempts (pending: the replay API is not on main yet)");
});
