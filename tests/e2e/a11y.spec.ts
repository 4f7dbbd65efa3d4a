import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { EXPIRED, type Lab, MIXED, startLab } from "./lab";

let lab: Lab;
test.beforeAll(async () => {
  lab = await startLab();
});
test.afterAll(async () => {
  await lab?.close();
});

/** Serious and critical axe violations, summarised so a failure says what and where. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function noHorizontalScroll(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, "page is wider than the viewport").toBeLessThanOrEqual(client);
}

async function start(page: Page, target: string) {
  await page.goto("/");
  const input = page.getByTestId("target-input");
  await input.fill(target);
  await input.press("Enter");
}

for (const scheme of ["light", "dark"] as const) {
  test(`home, running probe, finished report and FAQ have no serious violations (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/");
    expect(await seriousViolations(page)).toEqual([]);

    // The silent second MX keeps this probe running for seconds.
    await start(page, MIXED.domain);
    await expect(page.getByTestId("running")).toBeVisible();
    await expect(page.locator("[data-testid='check-open-relay']")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page.getByTestId("verdict")).toBeVisible({ timeout: 45_000 });

    await start(page, EXPIRED.domain);
    await expect(page.getByTestId("verdict")).toBeVisible({ timeout: 45_000 });
    const id = await page.getByTestId("results").getAttribute("data-report-id");
    await page.goto(`/r/${id}`);
    await expect(page.getByTestId("verdict")).toBeVisible();
    // Open the detail views so they are scanned too.
    for (const d of await page.locator("details").all()) await d.evaluate((el) => el.setAttribute("open", ""));
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto("/faq");
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test("a 390 px viewport has no horizontal scroll on home, a live run and the permalink", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto("/");
  await noHorizontalScroll(page);

  await start(page, MIXED.domain);
  await expect(page.locator("[data-testid='check-open-relay']")).toBeVisible();
  await noHorizontalScroll(page);
  await expect(page.getByTestId("verdict")).toBeVisible({ timeout: 45_000 });
  await noHorizontalScroll(page);

  await start(page, EXPIRED.domain);
  await expect(page.getByTestId("verdict")).toBeVisible({ timeout: 45_000 });
  const id = await page.getByTestId("results").getAttribute("data-report-id");
  await page.goto(`/r/${id}`);
  await expect(page.getByTestId("verdict")).toBeVisible();
  for (const d of await page.locator("details").all()) await d.evaluate((el) => el.setAttribute("open", ""));
  await noHorizontalScroll(page);
  await context.close();
});

test("keyboard focus is visible on the form and the summary links", async ({ page }) => {
  await start(page, EXPIRED.domain);
  await expect(page.getByTestId("verdict")).toBeVisible({ timeout: 45_000 });
  const fix = page.locator("[data-testid='fix-first'] a").first();
  await fix.focus();
  const outline = await fix.evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: Number.parseFloat(s.outlineWidth), shadow: s.boxShadow };
  });
  // The last interaction was a key press (Enter in the form), so focus counts as keyboard focus.
  expect(await fix.evaluate((el) => el.matches(":focus-visible"))).toBe(true);
  expect(outline.style !== "none" && outline.width > 0 ? true : outline.shadow !== "none").toBe(true);
});
