import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/server/lib/errors";
import { parseJsonBody, readBodyText, zodDetails } from "./rest";

describe("REST helpers", () => {
  it("names the item and field of a zod issue", () => {
    const schema = z.object({ skus: z.array(z.object({ code: z.string().min(2) })) });
    const result = schema.safeParse({ skus: [{ code: "ok" }, { code: "x" }] });
    expect(result.success).toBe(false);
    expect(zodDetails(result.error!)[0]).toMatchObject({ path: "skus[1].code", field: "code" });
  });

  it("refuses a body past the limit while reading it", async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const request = new Request("http://x/", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    await expect(readBodyText(request, 1024 * 1024)).rejects.toMatchObject({ code: "payload_too_large" });
  });

  it("refuses a wrong content type with 415 and bad JSON with 400", async () => {
    const wrongType = new Request("http://x/", { method: "PUT", body: "{}", headers: { "content-type": "text/plain" } });
    await expect(parseJsonBody(wrongType, z.object({}), 100)).rejects.toMatchObject({ code: "unsupported_media_type" });
    const badJson = new Request("http://x/", { method: "PUT", body: "{nope", headers: { "content-type": "application/json" } });
    const error = await parseJsonBody(badJson, z.object({}), 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
  });
});
