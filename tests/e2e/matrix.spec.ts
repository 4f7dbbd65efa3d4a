import { expect, type Page, test } from "@playwright/test";
import { type Lab, MATRIX, SILENT, startLab } from "./lab";

let lab: Lab;
test.beforeAll(async () => {
  lab = await startLab();
});
test.afterAll(async () => {
  await lab?.close();
});

const PORTS = [25, 587];
/** host × address as the matrix should list them: MX order, then address order. */
const ROWS: [string, string][] = [
  [MATRIX.mx1, MATRIX.ip1],
  [MATRIX.mx1, MATRIX.ip1b],
  [MATRIX.mx2, MATRIX.ip2],
  [SILENT.mx, SILENT.ip],
];

// IPv4 addresses and these host names need no sanitising: the ids are the plain names.
const cellId = (host: string, ip: string, port: number) => `cell-${host}-${ip}-${port}`;
const sessionId = (host: string, ip: string, port: number) => `session-${host}-${ip}-${port}`;

const SEVERITY = ["pass", "info", "warn", "inconclusive", "fail"];
/** The overall-status rule, written out independently: worst wins, skipped does not count. */
function worst(statuses: string[]): string {
  return statuses.reduce((w, s) => (SEVERITY.indexOf(s) > SEVERITY.indexOf(w) ? s : w), "pass");
}

async function checkStatuses(page: Page, testId: string): Promise<string[]> {
  return page
    .getByTestId(testId)
    .locator("[data-testid^='check-']")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status") ?? ""));
}

test("the overview matrix fills in live, one cell per host × address × port, each the worst of its session", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByTestId("target-input").fill(MATRIX.domain);
  await page.getByTestId("port-587").check();
  await page.getByTestId("submit").click();

  const matrix = page.getByTestId("session-matrix");
  // The silent MX holds its port-25 session until the greeting deadline; its port 587 waits its
  // turn (one connection per address at a time) while other cells already have their result.
  await expect(matrix.getByTestId(cellId(SILENT.mx, SILENT.ip, 25))).toHaveAttribute("data-state", "running");
  await expect(matrix.getByTestId(cellId(SILENT.mx, SILENT.ip, 587))).toHaveAttribute("data-state", "queued");
  await expect(matrix.getByTestId(cellId(MATRIX.mx1, MATRIX.ip1b, 25))).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("verdict")).toHaveCount(0);

  await expect(page.getByTestId("verdict")).toBeVisible();
  const expected = ROWS.flatMap(([host, ip]) => PORTS.map((port) => cellId(host, ip, port)));
  const shown = await matrix
    .locator("[data-testid^='cell-']")
    .evaluateAll((cells) => cells.map((c) => c.getAttribute("data-testid")));
  expect(shown).toEqual(expected);

  for (const [host, ip] of ROWS) {
    for (const port of PORTS) {
      const statuses = await checkStatuses(page, sessionId(host, ip, port));
      expect(statuses.length, `${host} ${ip} ${port} has checks`).toBeGreaterThan(0);
      const cell = matrix.getByTestId(cellId(host, ip, port));
      await expect(cell).toHaveAttribute("data-state", "done");
      await expect(cell).toHaveAttribute("data-status", worst(statuses));
    }
  }
  // Spot checks against what the lab serves: nothing listens on the second address.
  await expect(matrix.getByTestId(cellId(MATRIX.mx1, MATRIX.ip1b, 25))).toHaveAttribute("data-status", "fail");
  await expect(matrix.getByTestId(cellId(MATRIX.mx1, MATRIX.ip1b, 25))).toContainText("Fail");
  await expect(matrix.getByTestId(cellId(SILENT.mx, SILENT.ip, 25))).toHaveAttribute("data-status", "inconclusive");

  // The non-public AAAA is named under the matrix with its reason, not silently dropped.
  await expect(matrix.getByTestId("not-tested")).toContainText(MATRIX.blocked6);
  await expect(matrix.getByTestId("not-tested")).toContainText(/blocked/);

  // A cell leads to its session's details.
  const target = sessionId(MATRIX.mx2, MATRIX.ip2, 25);
  await matrix.getByTestId(cellId(MATRIX.mx2, MATRIX.ip2, 25)).click();
  await expect(page).toHaveURL(new RegExp(`#${target.replace(/\./g, "\\.")}$`));
  await expect(page.getByTestId(target)).toBeInViewport();
});
