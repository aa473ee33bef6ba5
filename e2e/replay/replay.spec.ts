import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../fixtures/api";
import { createWorld } from "../fixtures/world";

type TGroup = { id: number; state: string; resolution?: string };

async function rejectedGroups(page: Page, code: string): Promise<TGroup[]> {
  const response = await page.request.get(`/api/v1/exceptions?kind=rejected_event&sku=${encodeURIComponent(code)}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: TGroup[] }).items;
}

test("an operations manager adds the missing alias from a dead-letter group, previews and applies the replay, and sees the exception resolve", async ({ page, request }) => {
  const w = await createWorld(request);
  const legacy = w.code("LEGACY");
  const at = (m: number) => new Date(Date.now() - (60 - m) * 60_000).toISOString();
  const sent = await request.post("/api/v1/events", {
    headers: w.auth("wms"),
    data: [
      { eventId: w.nextId(), type: "receipt.posted", sku: legacy, location: w.code("WH"), quantity: 4, occurredAt: at(1) },
      { eventId: w.nextId(), type: "receipt.posted", sku: legacy, location: w.code("WH"), quantity: 2, occurredAt: at(2) },
    ],
  });
  expect((await sent.json()).rejected).toBe(2);

  await signIn(page, "ops@example.com");
  await expect.poll(async () => (await rejectedGroups(page, legacy)).length, { timeout: 15_000 }).toBe(1);
  const [group] = await rejectedGroups(page, legacy);
  await page.goto(`/exceptions/${group!.id}`);
  await expect(page.getByRole("heading", { name: "Rejected: unknown SKU" })).toBeVisible();

  // fix: the unknown code becomes an alias of the catalogue SKU
  const fix = page.locator("section").filter({ hasText: "Fix, then replay" });
  await fix.getByLabel("SKU the unknown code stands for").fill(w.code("A"));
  await fix.getByRole("button", { name: "Add alias" }).click();
  await expect(fix.getByRole("status")).toContainText("audited");

  // one click: the preview (a dry run) in a dialog, then apply with a reason
  await page.getByRole("button", { name: "Replay…" }).click();
  const dialog = page.getByRole("dialog", { name: "Replay this group's dead letters" });
  const counts = dialog.getByTestId("plan-counts");
  await expect(counts).toContainText("Would apply");
  await expect(counts.getByText("Would apply").locator("..")).toContainText("2");
  const effect = dialog.getByTestId("book-effect");
  await expect(effect).toHaveCount(1);
  await expect(effect).toContainText(w.code("A"));
  await expect(effect).toContainText(w.code("WH"));
  await expect(effect).toContainText("On hand");
  await expect(effect.getByRole("cell").nth(3)).toHaveText("0");
  await expect(effect.getByRole("cell").nth(4)).toHaveText("6");
  await page.screenshot({ path: "test-results/replay-preview.png" });
  const apply = dialog.getByRole("button", { name: /Apply replay/ });
  await expect(apply).toBeDisabled();
  await dialog.getByLabel(/Reason/).fill("legacy code mapped to its catalogue SKU");
  await apply.click();
  const result = dialog.getByRole("status");
  await expect(result).toContainText("2 applied");
  const runLink = result.getByRole("link", { name: /View the run and its audit entry/ });
  const href = await runLink.getAttribute("href");
  expect(href).toMatch(/^\/replays\/rp_[\w-]+#audit-\d+$/);
  await dialog.getByRole("button", { name: "Close" }).last().click();

  // the exception resolves itself within 10 s, once nothing in it is still rejected
  await expect.poll(async () => (await rejectedGroups(page, legacy))[0], { timeout: 10_000, intervals: [500] }).toMatchObject({ state: "resolved", resolution: "auto" });
  await expect(page.getByText("resolved · auto")).toBeVisible({ timeout: 10_000 });

  // the run and its audit entry
  await page.goto(href!);
  await expect(page.getByRole("heading", { name: /Replay rp_/ })).toBeVisible();
  await expect(page.getByTestId("result-counts")).toContainText("Applied");
  const auditId = href!.split("#audit-")[1]!;
  await expect(page.locator(`#audit-${auditId}`)).toContainText("ops@example.com applied the replay");
  await expect(page.locator(`#audit-${auditId}`)).toContainText("legacy code mapped to its catalogue SKU");
  const planId = href!.split("/")[2]!.split("#")[0]!;
  const plan = await (await page.request.get(`/api/v1/replays/${planId}`)).json();
  expect(plan).toMatchObject({ status: "applied", events: 2, result: { applied: 2, skipped: 0, failed: 0 } });

  // applying the same plan again is refused; a new preview finds nothing left to replay
  const again = await page.request.post(`/api/v1/replays/${planId}/apply`, { data: { reason: "again" } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.code).toBe("plan_already_applied");
  await page.goto("/replays");
  await expect(page.getByTestId("replay-row").filter({ hasText: planId })).toContainText("applied");
  await page.screenshot({ path: "test-results/replays.png", fullPage: true });
});

test("an operations manager corrects a rejected event's payload from the group, then replays it", async ({ page, request }) => {
  const w = await createWorld(request);
  const event = { eventId: w.nextId(), type: "stock.adjusted", sku: w.code("B"), location: w.code("WH"), delta: 0, occurredAt: new Date(Date.now() - 60_000).toISOString() };
  expect((await (await request.post("/api/v1/events", { headers: w.auth("wms"), data: [event] })).json()).rejected).toBe(1);
  await signIn(page, "ops@example.com");
  const groupFor = async () => {
    const r = await page.request.get(`/api/v1/exceptions?kind=rejected_event&connector=${encodeURIComponent(w.code("wms"))}`);
    return ((await r.json()) as { items: TGroup[] }).items;
  };
  await expect.poll(async () => (await groupFor()).length, { timeout: 15_000 }).toBe(1);
  const [group] = await groupFor();
  await page.goto(`/exceptions/${group!.id}`);
  const fix = page.locator("section").filter({ hasText: "Fix, then replay" });
  await fix.getByRole("button", { name: "Edit payload…" }).click();
  const edit = page.getByRole("dialog", { name: /Edit the payload of event/ });
  await edit.getByLabel("Payload (JSON)").fill(JSON.stringify({ ...event, delta: 3 }, null, 2));
  await edit.getByLabel(/Why/).fill("the WMS export dropped the sign and value");
  await edit.getByRole("button", { name: "Save edit" }).click();
  await expect(edit.getByRole("status")).toContainText("A replay of it would now apply");
  await edit.getByRole("button", { name: "Close" }).last().click();

  await page.getByRole("button", { name: "Replay…" }).click();
  const dialog = page.getByRole("dialog", { name: "Replay this group's dead letters" });
  await expect(dialog.getByTestId("book-effect")).toContainText("On hand");
  await expect(dialog.getByTestId("book-effect").getByRole("cell").nth(4)).toHaveText("3");
  await dialog.getByLabel(/Reason/).fill("payload corrected");
  await dialog.getByRole("button", { name: /Apply replay/ }).click();
  await expect(dialog.getByRole("status")).toContainText("1 applied");
  await expect.poll(async () => (await groupFor())[0]?.state, { timeout: 10_000 }).toBe("resolved");
});

test("an executive reads replays but is offered no replay, and the API refuses them", async ({ page, request }) => {
  const w = await createWorld(request);
  const legacy = w.code("OLD");
  await request.post("/api/v1/events", { headers: w.auth("wms"), data: [{ eventId: w.nextId(), type: "receipt.posted", sku: legacy, location: w.code("WH"), quantity: 1, occurredAt: new Date().toISOString() }] });
  await signIn(page, "executive@example.com");
  await expect.poll(async () => (await rejectedGroups(page, legacy)).length, { timeout: 15_000 }).toBe(1);
  const [group] = await rejectedGroups(page, legacy);
  await page.goto(`/exceptions/${group!.id}`);
  await expect(page.getByRole("heading", { name: "Rejected: unknown SKU" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Replay|Add alias/ })).toHaveCount(0);
  await page.goto(`/replays?view=dead-letters&connector=${encodeURIComponent(w.code("wms"))}`);
  await expect(page.getByTestId("dead-letter-group")).toHaveCount(1);
  await expect(page.getByRole("button", { name: /Replay|Fix|Edit payload/ })).toHaveCount(0);
  const refused = await page.request.post("/api/v1/replays", { data: { selector: { exceptionId: group!.id } } });
  expect(refused.status()).toBe(403);
  const asConnector = await request.post("/api/v1/replays", { headers: w.auth("wms"), data: { selector: {} } });
  expect(asConnector.status()).toBe(403);
});
