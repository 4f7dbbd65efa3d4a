import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { EXPIRED, type Lab, SILENT, startLab } from "./lab";

let lab: Lab;
test.beforeAll(async () => {
  lab = await startLab();
});
test.afterAll(async () => {
  await lab?.close();
});

async function probeExpired(page: Page) {
  await page.goto("/");
  const input = page.getByTestId("target-input");
  await input.fill(EXPIRED.domain);
  await input.press("Enter");
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-status", "fail", { timeout: 45_000 });
}

async function downloadedReport(page: Page): Promise<{ id: string; checks: { id: string; outcome: string }[] }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-json").click()]);
  const file = await download.path();
  return JSON.parse(await readFile(file, "utf8"));
}

test("the summary names the expired certificate and links to its row", async ({ page }) => {
  await probeExpired(page);
  const headline = page.getByTestId("summary-headline");
  await expect(headline).toContainText(`the certificate on ${EXPIRED.mx} expired 30 days ago`);

  const fix = page.locator("[data-testid='fix-first'] li[data-check='cert-expiry'] a");
  await expect(fix).toBeVisible();
  const href = await fix.getAttribute("href");
  expect(href).toMatch(/^#session-.*--cert-expiry$/);
  await fix.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  // Anchors contain dots: match the id attribute rather than a #selector.
  const row = page.locator(`[id="${href!.slice(1)}"]`);
  await expect(row).toHaveAttribute("data-testid", "check-cert-expiry");
  await expect(row).toHaveAttribute("data-status", "fail");
  await expect(row).toBeInViewport();
});

test("the chain card says how long ago the certificate expired", async ({ page }) => {
  await probeExpired(page);
  await page.getByTestId("tls-details").locator(":scope > summary").click();
  const leaf = page.getByTestId("chain-cert").first();
  await expect(leaf).toContainText("expired 30 days ago");
  await expect(leaf).toContainText(EXPIRED.mx);
});

test("copy puts the transcript on the clipboard; Download JSON saves the report, live and on the permalink", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await probeExpired(page);
  const reportId = await page.getByTestId("results").getAttribute("data-report-id");
  expect(reportId).toMatch(/^[A-Za-z0-9_-]{22}$/);

  await page.getByTestId("transcript-details").locator(":scope > summary").click();
  await page.getByTestId("copy-transcript").click();
  await expect(page.getByTestId("copy-transcript")).toContainText("Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/S: 220 /);
  expect(copied).toMatch(/C: EHLO /);
  expect(copied).toMatch(/C: STARTTLS/);

  const live = await downloadedReport(page);
  expect(live.id).toBe(reportId);
  expect(live.checks.find((c) => c.id === "cert-expiry")?.outcome).toBe("expired");

  await page.goto(`/r/${reportId}`);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-status", "fail");
  const stored = await downloadedReport(page);
  expect(stored.id).toBe(reportId);
});

test("a running session says what it is waiting for and for how long", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("target-input").fill(SILENT.domain);
  await page.getByTestId("target-input").press("Enter");
  const waiting = page.getByTestId("waiting-for");
  await expect(waiting).toContainText("Waiting for the greeting — some servers delay it on purpose, up to 30 s");
  await expect(waiting.getByTestId("session-elapsed")).toHaveText(/^ · \d+ s so far$/);
  await expect(page.getByTestId("stop-button")).toBeVisible();
  await expect(page.getByTestId("verdict")).toBeVisible({ timeout: 30_000 });
  await expect(waiting).toHaveCount(0);
});
