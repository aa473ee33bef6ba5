import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { putMasterData, signIn, uniqueCode } from "../fixtures/api";
import { insertPushFailures } from "./db";

type TItem = { id: number; kind: string; state: string; assignee: string | null; resolution?: string; scope: { sku?: string; channel?: string } };

/** A channel of its own with four failed pushes: the spec's groups never mix with the demo's. */
async function setUp(request: APIRequestContext) {
  const channel = uniqueCode("ch").toLowerCase();
  const connector = uniqueCode("con").toLowerCase();
  const skus = [1, 2, 3, 4].map((i) => uniqueCode(`EXC${i}`));
  const result = await putMasterData(request, {
    skus: skus.map((code) => ({ code })),
    channels: [{ code: channel, kind: "marketplace", freshnessSloSeconds: 600, eligibleLocations: ["WH-EAST"], priority: 90 }],
    connectors: [{ code: connector, kind: "channel", channel }],
  });
  await insertPushFailures({ connector, channel, skus, quantity: 10 });
  return { channel, skus, connectorKey: result.connectorKeys[connector]! };
}

async function listFor(page: Page, channel: string, state = "open,acknowledged,snoozed,resolved"): Promise<TItem[]> {
  const response = await page.request.get(`/api/v1/exceptions?channel=${channel}&state=${state}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: TItem[] }).items;
}

test("an operations manager filters, acknowledges, assigns, writes a note and bulk-resolves", async ({ page, request }) => {
  const { channel } = await setUp(request);
  await signIn(page, "ops@example.com");
  // the server's worker detects the events within seconds
  await expect.poll(async () => (await listFor(page, channel)).length, { timeout: 15_000 }).toBe(4);

  await page.goto("/exceptions");
  await page.getByLabel("Kind").selectOption("push_failed");
  await page.getByLabel("Channel").selectOption(channel);
  await page.getByRole("heading", { name: "Exceptions" }).click();
  await expect(page).toHaveURL(new RegExp(`kind=push_failed.*channel=${channel}|channel=${channel}.*kind=push_failed`));
  const rows = page.getByTestId("exception-row");
  await expect(rows).toHaveCount(4);
  await expect(page.getByText("4 match")).toBeVisible();

  // keyboard: j moves down, a acknowledges the focused row
  await page.keyboard.press("j");
  await page.keyboard.press("a");
  await expect(rows.nth(1)).toContainText("acknowledged");
  expect((await listFor(page, channel, "acknowledged")).length).toBe(1);

  // the detail: assign and write a note
  await rows.nth(0).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/exceptions\/\d+$/);
  await expect(page.getByRole("heading", { name: "Push failed" })).toBeVisible();
  await page.getByRole("button", { name: "Assign…" }).click();
  const dialog = page.getByRole("dialog", { name: "Assign this exception" });
  await dialog.getByLabel(/Assignee/).fill("ops@example.com");
  await dialog.getByRole("button", { name: "Assign" }).click();
  await expect(page.getByText("assignee: ops@example.com")).toBeVisible();
  await page.getByLabel("New note").fill("Marketplace API returned 503; retry scheduled.");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByTestId("exception-note")).toContainText("retry scheduled");
  const history = page.getByRole("list", { name: "History" });
  await expect(history).toContainText("ops@example.com assigned to ops@example.com");
  await expect(history).toContainText("added a note");
  await page.screenshot({ path: "test-results/exceptions-detail.png", fullPage: true });

  // back in the queue: "mine" shows what was just assigned; then resolve every match, count confirmed
  await page.goto(`/exceptions?kind=push_failed&channel=${channel}&assignee=mine`);
  await expect(rows).toHaveCount(1);
  await page.getByLabel("Assignee").selectOption("");
  await expect(rows).toHaveCount(4);
  await page.screenshot({ path: "test-results/exceptions-queue.png", fullPage: true });
  await page.getByRole("button", { name: "Resolve all 4" }).click();
  const confirm = page.getByRole("dialog", { name: "Resolve 4 exceptions?" });
  await confirm.getByLabel("Note (optional)").fill("Channel back up; pushes replayed.");
  await confirm.getByRole("button", { name: "Resolve 4 exceptions" }).click();
  await expect(page.getByRole("status")).toContainText("Resolved 4");
  await expect(page.getByText("No exceptions match these filters")).toBeVisible();

  const resolved = await listFor(page, channel, "resolved");
  expect(resolved).toHaveLength(4);
  expect(resolved.every((g) => g.resolution === "user")).toBe(true);
  expect(resolved.filter((g) => g.assignee === "ops@example.com")).toHaveLength(1);
});

test("an executive sees the queue without any action, and the API refuses them with 403", async ({ page, request }) => {
  const { channel, connectorKey } = await setUp(request);
  await signIn(page, "executive@example.com");
  await expect.poll(async () => (await listFor(page, channel)).length, { timeout: 15_000 }).toBe(4);

  await page.goto(`/exceptions?channel=${channel}`);
  await expect(page.getByTestId("exception-row")).toHaveCount(4);
  await expect(page.getByRole("table", { name: "Exceptions" }).getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Acknowledge|Resolve|Snooze|Assign/ })).toHaveCount(0);
  await page.keyboard.press("a");
  await page.getByTestId("exception-row").first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Push failed" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Acknowledge|Resolve|Snooze|Assign|Add note/ })).toHaveCount(0);
  await expect(page.getByLabel("New note")).toHaveCount(0);

  const [first] = await listFor(page, channel);
  const refused = await page.request.post(`/api/v1/exceptions/${first!.id}/actions`, { data: { action: "acknowledge" } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("forbidden");
  const asConnector = await request.post(`/api/v1/exceptions/${first!.id}/actions`, { headers: { authorization: `Bearer ${connectorKey}` }, data: { action: "acknowledge" } });
  expect(asConnector.status()).toBe(403);
  expect((await listFor(page, channel, "open")).length).toBe(4);
});
