// The demo's own webhook receiver (demo mode only): verifies each message's Standard Webhooks
// signature with the demo endpoint's secret and keeps it for the Notifications page.
import { jsonResponse, readBodyText, restHandler } from "@/server/http/rest";
import { AppError } from "@/server/lib/errors";
import { notifyConfig } from "@/server/notifications/config";
import { receiveDemoMessage } from "@/server/notifications/demo";

export const dynamic = "force-dynamic";

export const POST = restHandler({ auth: "public" }, async ({ request }) => {
  // outside demo mode there is no demo endpoint, so no signature could verify
  if (!notifyConfig().isDemo) throw new AppError("unauthorized", "The demo receiver takes messages in demo mode only, signed by the demo endpoint.");
  const body = await readBodyText(request, 256 * 1024);
  const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [h, request.headers.get(h) ?? ""]));
  const { isVerified } = await receiveDemoMessage(body, headers);
  if (!isVerified) throw new AppError("unauthorized", "The webhook signature did not verify.");
  return jsonResponse({ received: true });
});
