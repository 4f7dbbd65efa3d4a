// Security headers on pages, the permalink and the API, a fresh CSP nonce per request, and pages
// that still load and hydrate under that policy without a single violation.
import { type APIResponse, expect, test } from "@playwright/test";

/** Nothing listens here: the probe ends at once with "connection refused", which is all we need. */
const DEAD_IP = "127.0.31.41";

function nonceOf(csp: string | undefined): string {
  const m = /'nonce-([^']+)'/.exec(csp ?? "");
  expect(m, `no nonce in CSP: ${csp}`).not.toBeNull();
  return m![1];
}

function directive(csp: string, name: string): string | undefined {
  return csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d === name || d.startsWith(`${name} `));
}

function expectCommonHeaders(res: APIResponse): void {
  const h = res.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["permissions-policy"]).toContain("camera=()");
  // Plain HTTP: HSTS would be ignored by browsers, so it is not sent.
  expect(h["strict-transport-security"]).toBeUndefined();
}

/** Page headers plus: every <script> in the HTML carries this response's nonce. */
async function expectPageHeaders(res: APIResponse): Promise<string> {
  expectCommonHeaders(res);
  const csp = res.headers()["content-security-policy"];
  expect(csp).toBeDefined();
  const nonce = nonceOf(csp);
  expect(nonce.length).toBeGreaterThanOrEqual(22);
  const script = directive(csp, "script-src") ?? "";
  expect(script).toContain(`'nonce-${nonce}'`);
  expect(script).toContain("'strict-dynamic'");
  expect(script).not.toContain("'unsafe-inline'");
  expect(script).not.toContain("'unsafe-eval'");
  expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
  expect(directive(csp, "base-uri")).toBe("base-uri 'none'");
  expect(directive(csp, "object-src")).toBe("object-src 'none'");
  expect(directive(csp, "form-action")).toBe("form-action 'self'");
  expect(directive(csp, "connect-src")).toBe("connect-src 'self'");
  expect(directive(csp, "img-src")).toBe("img-src 'self' data: blob:");

  const html = await res.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, "script without this response's nonce").toContain(`nonce="${nonce}"`);
  return nonce;
}

test("pages and API answers carry the security headers; every page request gets its own nonce", async ({ request }) => {
  const first = await request.get("/");
  expect(first.status()).toBe(200);
  const second = await request.get("/");
  const a = await expectPageHeaders(first);
  const b = await expectPageHeaders(second);
  expect(a).not.toBe(b);

  // The FAQ's JSON-LD block carries the nonce too.
  const faq = await request.get("/faq");
  const faqNonce = await expectPageHeaders(faq);
  const faqHtml = await faq.text();
  expect(faqHtml).toMatch(
    new RegExp(`<script type="application/ld\\+json" nonce="${faqNonce.replace(/[+/=]/g, "\\$&")}"`),
  );

  // A page that does not exist is rendered per request too, with a nonce on its scripts.
  const missing = await request.get("/no-such-page");
  expect(missing.status()).toBe(404);
  await expectPageHeaders(missing);

  // A real report: its permalink page and its JSON.
  const probe = await request.post("/api/probe", { data: { target: DEAD_IP, ports: [25], relay: false } });
  expect(probe.status()).toBe(200);
  expectCommonHeaders(probe);
  const started = JSON.parse((await probe.text()).split("\n")[0]) as { type: string; id: string };
  expect(started.type).toBe("started");

  const permalink = await request.get(`/r/${started.id}`);
  expect(permalink.status()).toBe(200);
  const p = await expectPageHeaders(permalink);
  expect(p).not.toBe(a);

  const json = await request.get(`/api/reports/${started.id}`);
  expect(json.status()).toBe(200);
  expectCommonHeaders(json);
  expect(json.headers()["content-type"]).toMatch(/^application\/json/);
  const apiCsp = json.headers()["content-security-policy"] ?? "";
  expect(directive(apiCsp, "default-src")).toBe("default-src 'none'");
  expect(directive(apiCsp, "frame-ancestors")).toBe("frame-ancestors 'none'");
  expect((await json.json()).id).toBe(started.id);

  const notFound = await request.get("/api/reports/AAAAAAAAAAAAAAAAAAAAAA");
  expect(notFound.status()).toBe(404);
  expectCommonHeaders(notFound);
});

test("HSTS and upgrade-insecure-requests only when the request came over HTTPS", async ({ request }) => {
  const res = await request.get("/", { headers: { "x-forwarded-proto": "https" } });
  expect(res.headers()["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
  expect(res.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
  const api = await request.get("/api/reports/AAAAAAAAAAAAAAAAAAAAAA", { headers: { "x-forwarded-proto": "https" } });
  expect(api.headers()["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
  const plain = await request.get("/");
  expect(plain.headers()["content-security-policy"]).not.toContain("upgrade-insecure-requests");
});

test("pages load and hydrate under the policy without a violation", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || /content security policy|refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });

  await page.goto("/?target=example.org");
  // Hydrated: the client form picked the target up from the URL.
  await expect(page.getByTestId("target-input")).toHaveValue("example.org");
  await page.goto("/faq");
  await expect(page.getByTestId("faq")).toBeVisible();
  // Client-side navigation loads further chunks: 'strict-dynamic' must let them run.
  await page.getByRole("link", { name: "Test a server" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("target-input")).toBeVisible();
  await page.goto("/no-such-page");
  expect(problems.filter((p) => !/404/.test(p))).toEqual([]);
});
