import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function sha256Hex(value: string | Buffer): string {
  return createHash("sha256").update(value).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** A new secret token such as `slc_…` (connector key) or `slu_…` (user API token). */
export function newToken(prefix: "slc" | "slu"): string {
  return `${prefix}_${randomBytes(24).toString("base64url")}`;
}

/** The part of a token shown on screen so people can tell tokens apart. */
export function tokenPrefix(token: string): string {
  return token.slice(0, 10);
}

function key(): Buffer {
  const secret = process.env.SIGHTLINE_SECRET;
  if (!secret) throw new Error("SIGHTLINE_SECRET is not set");
  return createHash("sha256").update(`sightline:at-rest:${secret}`).digest();
}

/** AES-256-GCM for secrets Sightline must read back (Shopify webhook secrets). */
export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function openSecret(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("unreadable sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
