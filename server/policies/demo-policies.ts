import { db } from "@/server/db";
import type { TPolicyRule } from "./policy.types";
import { createDraft, publishDraft } from "./versions";

const MERCHANDISER = "merchandiser@example.com";
const DAY = 86_400_000;

const VERSION_1: TPolicyRule[] = [
  { kind: "safety_buffer", scope: { channel: "amazon" }, units: 5 },
  { kind: "holdback", scope: { channel: "b2b" }, percent: 10 },
  { kind: "outage_fallback", scope: { channel: "edi" }, mode: "zero" },
];

const VERSION_2: TPolicyRule[] = [
  ...VERSION_1,
  { kind: "safety_buffer", scope: { channel: "shopify" }, percent: 10 },
  { kind: "safety_buffer", scope: { location: "STORE-NYC" }, units: 2 },
  { kind: "outage_fallback", scope: { channel: "shopify" }, mode: "percent", percent: 50 },
  { kind: "sell_limit", scope: { channel: "pos" }, units: 200 },
];

/** The demo's policy history: a first version a week ago and a tightened second one since. */
export async function seedDemoPolicies() {
  if ((await db.policyVersion.count()) > 0) return;
  const history = [
    { rules: VERSION_1, note: "Launch policy", reason: "Launch: buffer Amazon, keep 10% for B2B accounts, zero EDI while its feed is down", daysAgo: 7 },
    { rules: VERSION_2, note: "Holiday tightening", reason: "Oversells on Shopify last weekend: buffer 10%, protect the NYC display stock, cap POS", daysAgo: 3 },
  ];
  for (const step of history) {
    const draft = await createDraft({ rules: step.rules, note: step.note }, MERCHANDISER);
    const { version } = await publishDraft(draft.id, step.reason, MERCHANDISER);
    await db.policyVersion.update({ where: { version }, data: { publishedAt: new Date(Date.now() - step.daysAgo * DAY) } });
  }
}
