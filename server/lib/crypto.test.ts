import { beforeAll, describe, expect, it } from "vitest";
import { newToken, openSecret, safeEqual, sealSecret, sha256Hex, tokenPrefix } from "./crypto";

beforeAll(() => {
  process.env.SIGHTLINE_SECRET = "unit-test-secret-0123456789abcdefghij";
});

describe("crypto helpers", () => {
  it("makes distinct prefixed tokens with a visible prefix", () => {
    const a = newToken("slc");
    const b = newToken("slc");
    expect(a).toMatch(/^slc_[A-Za-z0-9_-]{32}$/);
    expect(a).not.toBe(b);
    expect(tokenPrefix(a)).toBe(a.slice(0, 10));
  });

  it("seals and opens secrets, and refuses tampered ones", () => {
    const sealed = sealSecret("shopify-secret");
    expect(sealed).not.toContain("shopify-secret");
    expect(openSecret(sealed)).toBe("shopify-secret");
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => openSecret(parts.join("."))).toThrow();
  });

  it("hashes and compares", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
