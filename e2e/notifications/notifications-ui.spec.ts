// The /notifications page as people use it. On a server of its own (private addresses allowed, a
// short hold, quick retries, SMTP pointed at a real SMTP server in this process): add a webhook and
// an email endpoint, see a negative ATP arrive at both (the receiver verifies every signature with
// standardwebhooks), break the receiver, watch the retries and the notification_failing exception,
// fix it and recover the failed message with one click: it arrives with the same webhook-id.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { startMailSink, startReceiver, type TMailSink, type TReceiver } from "../../test/notify-receivers";
import { ADMIN as SHARED_ADMIN, signInViaApi } from "../fixtures/api";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 4;
const PG_PORT = PORT + 51_000;
const BASE = `http://localhost:${PORT}`;
const TOKEN = "notify-e2e-bootstrap-token-0123456789";
const DATA_DIR = path.join(os.tmpdir(), `sightline-e2e-notify-${PORT}`);
const ADMIN = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

function start(smtpUrl: string): ChildProcess {
  rmSync(DATA_DIR, { recursive: true, force: true });
  return spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: "",
      SIGHTLINE_URL: "",
      SIGHTLINE_SECRET: "",
      PORT: String(PORT),
      SIGHTLINE_DATA_DIR: DATA_DIR,
      SIGHTLINE_PG_PORT: String(PG_PORT),
      SIGHTLINE_DEMO: "1",
      SIGHTLINE_SIMULATOR: "0",
      SIGHTLINE_DEMO_HISTORY_DAYS: "0",
      SIGHTLINE_BOOTSTRAP_TOKEN: TOKEN,
      SIGHTLINE_WEBHOOK_ALLOW_PRIVATE: "1",
      SIGHTLINE_SMTP_URL: smtpUrl,
      SIGHTLINE_MAIL_FROM: "Sightline <alerts@sightline.test>",
      SIGHTLINE_NOTIFY_HOLD_SECONDS: "2",
      SIGHTLINE_NOTIFY_RETRY_SECONDS: "1,1,1,1",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function healthy(proc: ChildProcess) {
  for (let i = 0; i < 360; i++) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`the server exited early (${proc.exitCode ?? proc.signalCode})`);
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not come up");
}

async function stop(proc: ChildProcess) {
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill("SIGTERM");
    await new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  }
  const pidFile = path.join(DATA_DIR, "pg", "postmaster.pid");
  if (existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, "utf8").split("\n")[0]), "SIGQUIT");
    } catch {
      /* gone */
    }
  }
  rmSync(DATA_DIR, { recursive: true, force: true });
}

async function api(route: string, body?: unknown, key?: string) {
  const r = await fetch(`${BASE}${route}`, { method: body === undefined ? "GET" : "POST", headers: key ? { authorization: `Bearer ${key}`, "content-type": "application/json" } : ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await r.json()) as Record<string, unknown>;
}

async function negativeAtp(key: string, sku: string) {
  const answer = await api("/api/v1/events", [{ eventId: `${sku}-order`, type: "order.created", sku, location: "N-WH", channel: "n-web", quantity: 5, orderRef: `${sku}-SO`, occurredAt: new Date().toISOString() }], key);
  expect(answer.accepted).toBe(1);
}

async function signIn(page: Page, email: string) {
  await page.goto(`${BASE}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("sightline-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${BASE}/`);
}

test("add a webhook and an email endpoint, see a negative ATP at both, break the receiver, fix it, recover the failed message", async ({ page }) => {
  test.setTimeout(240_000);
  const receiver: TReceiver = await startReceiver();
  const sink: TMailSink = await startMailSink();
  const server = start(sink.url);
  try {
    await healthy(server);
    const md = (await (
      await fetch(`${BASE}/api/v1/master-data`, {
        method: "PUT",
        headers: ADMIN,
        body: JSON.stringify({
          skus: [{ code: "N-ONE" }, { code: "N-TWO" }],
          connectors: [{ code: "n-erp", kind: "erp" }],
          locations: [{ code: "N-WH", kind: "warehouse" }],
          channels: [{ code: "n-web", kind: "shopify", freshnessSloSeconds: 600, eligibleLocations: ["N-WH"] }],
        }),
      })
    ).json()) as { connectorKeys: Record<string, string> };
    const key = md.connectorKeys["n-erp"]!;

    await signIn(page, "ops@example.com");
    await page.goto(`${BASE}/notifications`);
    await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();

    // a webhook endpoint: its secret is shown once
    await page.getByRole("button", { name: "Add endpoint" }).click();
    let dialog = page.getByRole("dialog", { name: "Add an endpoint" });
    await dialog.getByLabel("URL").fill(receiver.url);
    await dialog.getByLabel("Description").fill("ERP bridge");
    await dialog.getByLabel("Negative ATP").check();
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    const reveal = page.getByRole("dialog", { name: "Webhook endpoint added" });
    const secret = (await reveal.getByTestId("secret-value").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets = [secret];
    await reveal.getByRole("button", { name: "Done" }).click();

    // an email endpoint
    await page.getByRole("button", { name: "Add endpoint" }).click();
    dialog = page.getByRole("dialog", { name: "Add an endpoint" });
    await dialog.getByLabel("Kind").selectOption("email");
    await dialog.getByLabel("Addresses").fill("oncall@example.com");
    await dialog.getByLabel("Description").fill("On-call email");
    await dialog.getByLabel("Negative ATP").check();
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await expect(dialog).toBeHidden();
    const rows = page.getByTestId("endpoint-row");
    await expect(rows.filter({ hasText: "ERP bridge" })).toContainText("healthy");
    await expect(rows.filter({ hasText: "On-call email" })).toContainText("oncall@example.com");

    // a negative ATP arrives at both (after the 2 s hold)
    await negativeAtp(key, "N-ONE");
    await expect.poll(() => receiver.received.filter((r) => r.type === "exception.opened" && (r.body.data.scope as { sku?: string }).sku === "N-ONE").length, { timeout: 30_000 }).toBe(1);
    const opened = receiver.received.find((r) => (r.body.data.scope as { sku?: string }).sku === "N-ONE")!;
    expect(opened.verifiedWith).toBe(0);
    expect(opened.body.data).toMatchObject({ kind: "negative_atp", url: expect.stringMatching(/\/exceptions\/\d+$/) });
    await expect.poll(() => sink.mails.filter((m) => m.subject?.includes("N-ONE")).length, { timeout: 30_000 }).toBe(1);
    const mail = sink.mails.find((m) => m.subject?.includes("N-ONE"))!;
    expect(mail.subject).toMatch(/Negative ATP opened: SKU N-ONE at N-WH/);
    expect(mail.html).toContain("/exceptions/");
    for (const name of ["ERP bridge", "On-call email"]) {
      await expect(page.getByTestId("message-row").filter({ hasText: "exception.opened" }).filter({ hasText: name }).filter({ hasText: "delivered" })).toHaveCount(1, { timeout: 15_000 });
    }

    // the receiver breaks: retries, a failing endpoint, a notification_failing exception
    receiver.setStatus(500);
    await negativeAtp(key, "N-TWO");
    await expect(rows.filter({ hasText: "ERP bridge" })).toContainText("failing", { timeout: 30_000 });
    await expect(page.getByTestId("message-row").filter({ hasText: "ERP bridge" }).first()).toContainText(/retrying|failed/);
    await expect.poll(async () => ((await api("/api/v1/exceptions?kind=notification_failing&state=open")).items as unknown[]).length, { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: "test-results/notifications-failing.png", fullPage: true });
    await page.goto(`${BASE}/exceptions?kind=notification_failing`);
    await expect(page.getByTestId("exception-row")).toContainText("Notification failing");
    // after the last retry the message is failed
    await expect.poll(() => receiver.received.filter((r) => r.type === "exception.opened" && (r.body.data.scope as { sku?: string }).sku === "N-TWO").length, { timeout: 30_000 }).toBe(5);
    const failedId = receiver.received.find((r) => (r.body.data.scope as { sku?: string }).sku === "N-TWO")!.id;
    expect(new Set(receiver.received.filter((r) => (r.body.data.scope as { sku?: string }).sku === "N-TWO").map((r) => r.id))).toEqual(new Set([failedId]));

    // fixed: recover the failed messages with one click
    receiver.setStatus(200);
    await page.goto(`${BASE}/notifications?status=failed`);
    await expect(page.getByTestId("message-row")).toHaveCount(1, { timeout: 15_000 });
    await rows.filter({ hasText: "ERP bridge" }).getByRole("button", { name: "Recover failed…" }).click();
    const recover = page.getByRole("dialog", { name: /Recover failed messages/ });
    await recover.getByRole("button", { name: "Recover failed messages" }).click();
    await expect(recover.getByRole("status")).toContainText("Redelivering 1 message");
    await recover.getByRole("button", { name: "Done" }).click();
    await expect.poll(() => receiver.received.filter((r) => r.id === failedId && r.at > 0).length, { timeout: 30_000 }).toBe(6);
    await expect(rows.filter({ hasText: "ERP bridge" })).toContainText("healthy", { timeout: 15_000 });
    await expect.poll(async () => ((await api("/api/v1/exceptions?kind=notification_failing&state=resolved")).items as unknown[]).length, { timeout: 15_000 }).toBe(1);

    // one message: its attempts and payload, and redelivery with the same id
    await page.goto(`${BASE}/notifications?endpoint=&type=exception.opened`);
    await page.getByTestId("message-row").filter({ hasText: "ERP bridge" }).first().getByRole("button", { name: "exception.opened" }).click();
    const detail = page.getByRole("dialog", { name: /^Message msg_/ });
    await expect(detail.getByTestId("attempt-row")).toHaveCount(6);
    await expect(detail).toContainText('"kind": "negative_atp"');
    await expect(page).toHaveURL(/message=msg_/);
    await detail.getByRole("button", { name: "Redeliver (same id)" }).click();
    await expect(detail.getByRole("status")).toContainText("same webhook-id");
    await expect.poll(() => receiver.received.filter((r) => r.id === failedId).length, { timeout: 15_000 }).toBe(7);
    await page.screenshot({ path: "test-results/notifications-message.png", fullPage: true });
    await page.keyboard.press("Escape");
    await expect(detail).toBeHidden();
    await expect(page).not.toHaveURL(/message=/);

    // every change and the redeliveries are audited
    const client = new pg.Client({ connectionString: `postgresql://postgres:sightline@127.0.0.1:${PG_PORT}/sightline` });
    await client.connect();
    try {
      const { rows: audit } = await client.query<{ action: string; actor_email: string }>(`select action, actor_email from audit_log where action like 'notification.%' and actor_email = 'ops@example.com' order by id`);
      expect(audit.map((a) => a.action)).toEqual(["notification.endpoint.create", "notification.endpoint.create", "notification.endpoint.recover", "notification.message.redeliver"]);
    } finally {
      await client.end();
    }
  } finally {
    await stop(server);
    await receiver.close();
    await sink.close();
  }
});

test("an executive reads the page but is offered no change; the demo endpoint delivers to the demo receiver", async ({ page }) => {
  await signInViaApi(page, "executive@example.com");
  await page.goto("/notifications");
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(page.getByText("you can read everything")).toBeVisible();
  await expect(page.getByTestId("endpoint-row").filter({ hasText: "Demo receiver" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add endpoint" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send test" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Recover failed…" })).toHaveCount(0);
  // a test message to the demo endpoint (sent by an admin through the API) arrives at its own receiver,
  // signature verified; the receiver lists the newest first, whatever earlier specs made the demo send
  const endpoints = (await (await page.request.get("/api/v1/notifications/endpoints", { headers: SHARED_ADMIN })).json()) as { items: { id: string; isDemo?: boolean }[] };
  const demo = endpoints.items.find((e) => e.isDemo);
  expect(demo, "the demo has its endpoint").toMatchObject({ id: expect.stringMatching(/^ep_/), isDemo: true });
  expect((await page.request.post(`/api/v1/notifications/endpoints/${demo!.id}/test`, { headers: SHARED_ADMIN })).status()).toBe(200);
  await expect(page.getByRole("table", { name: "Demo receiver" })).toContainText("notification.test", { timeout: 30_000 });
  await expect(page.getByRole("table", { name: "Demo receiver" })).toContainText("verified");
  await page.screenshot({ path: "test-results/notifications-executive.png", fullPage: true });
});
