import { expect, type Page, test } from "@playwright/test";
import { GOOD, type Lab, MIXED, RELAY, SILENT, startLab } from "./lab";

let lab: Lab;
test.beforeAll(async () => {
  lab = await startLab();
});
test.afterAll(async () => {
  await lab?.close();
});

async function submit(page: Page, target: string) {
  await page.goto("/");
  const input = page.getByTestId("target-input");
  await input.fill(target);
  await input.press("Enter");
}

/** status of every check row, keyed by where it is, for comparing two renderings. */
async function verdicts(page: Page): Promise<string[]> {
  return page
    .locator("[data-testid^='check-']")
    .evaluateAll((rows) =>
      rows
        .map(
          (r) =>
            `${r.closest("[data-testid^='session-']")?.getAttribute("data-testid") ?? "domain"} ${r.getAttribute("data-testid")} ${r.getAttribute("data-status")} ${r.getAttribute("data-outcome")}`,
        )
        .sort(),
    );
}

test("checks stream in before the probe ends, failures explain themselves, the permalink shows the same", async ({
  page,
  context,
}) => {
  await submit(page, MIXED.domain);
  // The open relay on the first MX is judged while the silent second MX still holds the probe.
  const relayRow = page.locator("[data-testid='check-open-relay'][data-status='fail']");
  await expect(relayRow).toBeVisible();
  await expect(page.getByTestId("verdict")).toHaveCount(0);
  // Inline explanation: what happened, why it matters, how to fix it.
  await expect(relayRow).toContainText(/relay/i);
  await expect(relayRow).toContainText(/fix|how to/i);
  // ...and what to ask a provider when the mail is hosted.
  await expect(relayRow.getByTestId("hosted-note")).toContainText(/provider/);

  const silentBanner = page.locator(`[data-testid='check-banner'][data-status='inconclusive']`);
  await expect(silentBanner).toBeVisible();
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-status", "fail");
  expect(lab.relay.dataCommands).toBe(0);

  const live = await verdicts(page);
  const href = await page.getByTestId("permalink").getAttribute("href");
  expect(href).toMatch(/^\/r\/[A-Za-z0-9_-]{22}$/);
  const permalink = await context.newPage();
  await permalink.goto(href!);
  await expect(permalink.getByTestId("verdict")).toHaveAttribute("data-status", "fail");
  expect(await verdicts(permalink)).toEqual(live);
});

test("a well-configured server passes every check", async ({ page }) => {
  await submit(page, GOOD.domain);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-status", "pass");
  for (const id of [
    "tcp-connect",
    "banner",
    "ehlo",
    "starttls-offered",
    "tls-handshake",
    "cert-trusted",
    "cert-hostname",
    "cert-expiry",
    "tls-versions",
    "cert-key",
    "open-relay",
  ]) {
    await expect(page.locator(`[data-testid='check-${id}']`).first()).toHaveAttribute("data-status", "pass");
  }
});

test("a silent server ends inconclusive at the greeting deadline, no endless spinner", async ({ page }) => {
  await submit(page, SILENT.domain);
  const banner = page.locator("[data-testid='check-banner']");
  await expect(banner).toHaveAttribute("data-status", "inconclusive");
  await expect(banner).toContainText(/greeting/i);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-status", "inconclusive");
});

test("a self-signed certificate fails cert-trusted with its explanation", async ({ page }) => {
  await submit(page, RELAY.domain);
  const row = page.locator("[data-testid='check-cert-trusted']");
  await expect(row).toHaveAttribute("data-status", "fail");
  await expect(row).toHaveAttribute("data-outcome", "self-signed");
});

test("unknown report ids get a 404 page", async ({ page }) => {
  const res = await page.goto("/r/AAAAAAAAAAAAAAAAAAAAAA");
  expect(res?.status()).toBe(404);
  await expect(page.getByText(/no report/i)).toBeVisible();
});
