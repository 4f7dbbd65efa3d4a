// Sharing: the permalink's title and share image, and the FAQ's structured data.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { GOOD, type Lab, RELAY, startLab } from "./lab";

let lab: Lab;
test.beforeAll(async () => {
  lab = await startLab();
});
test.afterAll(async () => {
  await lab?.close();
});

/** Runs a probe through the API to the end and returns its report id. */
async function probe(request: APIRequestContext, target: string): Promise<string> {
  const res = await request.post("/api/probe", { data: { target, ports: [25], relay: true, fresh: true } });
  expect(res.status()).toBe(200);
  const events = (await res.text())
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; id?: string });
  expect(events.at(-1)?.type).toBe("finished");
  const id = events.find((e) => e.type === "started")?.id;
  expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  return id as string;
}

test("a stored report has a share image, a verdict in its title and the EHLO name", async ({ page, request }) => {
  const id = await probe(request, RELAY.domain);
  await page.goto(`/r/${id}`);
  // The open relay and its self-signed certificate fail: the title counts the failures.
  const escaped = RELAY.domain.replace(/\./g, "\\.");
  await expect(page).toHaveTitle(new RegExp(`^${escaped}: \\d+ failures? — mailprobe report$`));
  const description = await page.locator("meta[name='description']").getAttribute("content");
  expect(description).toMatch(/failure/);
  await expect(page.getByText("we connected as")).toContainText("probe.mailprobe.test");

  const ogImage = await page.locator("meta[property='og:image']").first().getAttribute("content");
  expect(ogImage).toContain(`/r/${id}/opengraph-image`);
  const image = await request.get(new URL(ogImage as string).pathname + new URL(ogImage as string).search);
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toBe("image/png");
  const png = await image.body();
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  // 1200 × 630, read from the IHDR chunk.
  expect(png.readUInt32BE(16)).toBe(1200);
  expect(png.readUInt32BE(20)).toBe(630);
  await expect(page.locator("meta[name='twitter:card']")).toHaveAttribute("content", "summary_large_image");
  await expect(page.locator("meta[name='twitter:image']").first()).toHaveAttribute(
    "content",
    new RegExp(`/r/${id}/twitter-image`),
  );
});

test("a passing report says so in its title", async ({ page, request }) => {
  const id = await probe(request, GOOD.domain);
  await page.goto(`/r/${id}`);
  await expect(page).toHaveTitle(`${GOOD.domain}: all checks passed — mailprobe report`);
  const image = await request.get(`/r/${id}/opengraph-image`);
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toBe("image/png");
});

test("the share image of an unknown report is a 404", async ({ request }) => {
  for (const id of ["AAAAAAAAAAAAAAAAAAAAAA", "not-an-id"]) {
    const res = await request.get(`/r/${id}/opengraph-image`);
    expect(res.status(), id).toBe(404);
    expect(res.headers()["content-type"]).not.toContain("image/");
  }
});

test("/faq carries valid FAQPage structured data and opens the question a link points at", async ({ page }) => {
  await page.goto("/faq#greylisting");
  const blocks = await page.locator("script[type='application/ld+json']").allTextContents();
  expect(blocks).toHaveLength(1);
  const data = JSON.parse(blocks[0]) as {
    "@context": string;
    "@type": string;
    mainEntity: { "@type": string; name: string; acceptedAnswer: { "@type": string; text: string } }[];
  };
  expect(data["@context"]).toBe("https://schema.org");
  expect(data["@type"]).toBe("FAQPage");
  const questions = await page.locator("[data-testid='faq'] details").count();
  expect(data.mainEntity).toHaveLength(questions);
  for (const q of data.mainEntity) {
    expect(q["@type"]).toBe("Question");
    expect(q.name.length).toBeGreaterThan(5);
    expect(q.acceptedAnswer["@type"]).toBe("Answer");
    expect(q.acceptedAnswer.text.length).toBeGreaterThan(20);
  }
  const nonce = await page
    .locator("script[type='application/ld+json']")
    .evaluate((s) => (s as HTMLScriptElement).nonce);
  expect(nonce).not.toBe("");
  await expect(page.locator("details#greylisting")).toHaveAttribute("open", "");
});
