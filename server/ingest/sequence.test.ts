import { describe, expect, it } from "vitest";
import { advanceStream } from "./sequence";

describe("sequence stream", () => {
  it("applies contiguous events and holds everything after a gap", () => {
    const r = advanceStream(0, [{ key: "a", seq: 1 }, { key: "b", seq: 2 }, { key: "d", seq: 4 }], []);
    expect(r.newLast).toBe(2);
    expect([...r.heldKeys]).toEqual(["d"]);
  });

  it("releases held events in order when the gap fills", () => {
    const r = advanceStream(2, [{ key: "c", seq: 3 }], [{ key: "d", seq: 4 }, { key: "f", seq: 6 }]);
    expect(r.newLast).toBe(4);
    expect([...r.releasedKeys]).toEqual(["d"]);
    expect(r.heldKeys.size).toBe(0);
  });

  it("never holds late events at or below the stream position", () => {
    const r = advanceStream(10, [{ key: "old", seq: 7 }], []);
    expect(r.newLast).toBe(10);
    expect(r.heldKeys.size).toBe(0);
  });

  it("starts at 1", () => {
    expect(advanceStream(0, [{ key: "x", seq: 2 }], []).heldKeys.has("x")).toBe(true);
  });
});
