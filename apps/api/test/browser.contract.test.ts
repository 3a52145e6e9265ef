import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { loadTestEnv } from "@dispatcher/config";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi, TEST_KEY } from "./api-harness.js";

/** CHROMIUM (default Debian's chromium); playwright-core drives it, no browser download involved. */
const CHROMIUM = loadTestEnv().CHROMIUM;
/**
 * The screenshots the README shows, at the repository root. They are rewritten only with
 * UPDATE_SCREENSHOTS=true, so an ordinary test run leaves the working tree clean.
 */
const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));
const screenshotPath = (name: string) =>
  loadTestEnv().UPDATE_SCREENSHOTS ? `${SCREENSHOTS}${name}` : undefined;
const TIMEOUT = 60_000;

let h: ApiHarness | undefined;
let browser: Browser | undefined;
let base = "";

beforeAll(async () => {
  // Without the browser each test fails (see openBrowser), so the run counts them as failed, not skipped.
  if (!existsSync(CHROMIUM)) return;
  await mkdir(SCREENSHOTS, { recursive: true });
  h = await startApi();
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps dialling out into the closed network.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await h?.close();
}, TIMEOUT);

function openBrowser(): Browser {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM`,
    );
  }
  if (!browser) throw new Error("the browser did not start (see beforeAll)");
  return browser;
}

describe("in a real browser", { timeout: TIMEOUT }, () => {
  it("Swagger UI at /docs renders the API and a 'try it out' call succeeds", async () => {
    const context = await openBrowser().newContext({ viewport: { width: 1280, height: 1000 } });
    try {
      const page = await context.newPage();
      const docs = await page.goto(`${base}/docs`);
      expect(docs?.status()).toBe(200);

      const operation = page.locator(".opblock.opblock-get").filter({
        has: page.locator('.opblock-summary-path[data-path="/api/v1/dispatcher"]'),
      });
      await operation.waitFor();
      await expect.poll(() => page.locator(".opblock").count()).toBeGreaterThan(5);

      // Authorize with the key as a Bearer token, through the dialog.
      await page.locator(".auth-wrapper button.authorize").click();
      const bearer = page
        .locator(".modal-ux .auth-container")
        .filter({ has: page.locator("h4", { hasText: "(http, Bearer)" }) });
      await bearer.getByLabel("auth-bearer-value").fill(TEST_KEY);
      await bearer.locator("button.authorize").click();
      await bearer.getByText("Logout", { exact: true }).waitFor();
      await bearer.locator("button.btn-done").click();

      await operation.locator(".opblock-summary-control").click();
      await operation.getByRole("button", { name: "Try it out" }).click();
      const sent = page.waitForRequest((request) => request.url() === `${base}/api/v1/dispatcher`);
      await operation.getByRole("button", { name: "Execute" }).click();
      expect((await sent).headers().authorization).toBe(`Bearer ${TEST_KEY}`);

      const live = operation.locator(".live-responses-table tr.response");
      await expect
        .poll(async () => (await live.locator(".response-col_status").textContent())?.trim())
        .toBe("200");
      const body = (await live.locator(".highlight-code pre").textContent()) ?? "";
      expect(body).toContain('"state"');
      expect(JSON.parse(body)).toMatchObject({ state: "running" });

      await operation.scrollIntoViewIfNeeded();
      expect((await page.screenshot({ path: screenshotPath("swagger-ui.png") })).length).toBeGreaterThan(
        10_000,
      );
    } finally {
      await context.close();
    }
  });

  it("Bull Board at /admin/queues asks for auth, then shows both queues", async () => {
    // No credentials: the server answers with a Basic challenge. Chromium, having nothing to answer
    // it with, abandons the navigation with ERR_INVALID_AUTH_CREDENTIALS instead of showing the 401.
    const anonymous = await openBrowser().newContext();
    try {
      const page = await anonymous.newPage();
      const challenge = page.waitForResponse(`${base}/admin/queues`);
      const navigation = await page.goto(`${base}/admin/queues`).then(
        () => "loaded",
        (error: Error) => error.message,
      );
      const refused = await challenge;
      expect(refused.status()).toBe(401);
      expect(refused.headers()["www-authenticate"]).toMatch(/^Basic realm="dispatcher"/);
      expect(navigation).toContain("net::ERR_INVALID_AUTH_CREDENTIALS");
    } finally {
      await anonymous.close();
    }

    // A wrong key is answered, and refused again.
    const wrong = await openBrowser().newContext({
      httpCredentials: { username: "ops", password: "not-the-key" },
    });
    try {
      const refused = await (await wrong.newPage()).goto(`${base}/admin/queues`);
      expect(refused?.status()).toBe(401);
    } finally {
      await wrong.close();
    }

    const context = await openBrowser().newContext({
      viewport: { width: 1280, height: 800 },
      httpCredentials: { username: "ops", password: TEST_KEY },
    });
    try {
      const page = await context.newPage();
      const board = await page.goto(`${base}/admin/queues`);
      expect(board?.status()).toBe(200);
      // Each queue gets a card on the overview once the board's own API call (same credentials) answers.
      const cards = page.locator("main li").filter({ has: page.locator("a[href*='/admin/queues/queue/']") });
      for (const queue of ["dispatch-tick", "send-message"]) {
        await cards.getByRole("link", { name: queue, exact: true }).waitFor();
      }
      expect(await cards.count()).toBe(2);
      await expect.poll(() => page.title()).toContain("Message dispatcher");
      expect((await page.screenshot({ path: screenshotPath("bull-board.png") })).length).toBeGreaterThan(
        10_000,
      );
    } finally {
      await context.close();
    }
  });
});
