// A mail server whose banner, EHLO replies, relay replies, certificate and reverse name are full
// of markup, script breakouts, template syntax, bidi overrides, ANSI escapes, control characters
// and very long strings. The live page and the permalink must show all of it as inert text: no
// script runs, the CSP reports nothing, and nothing pushes the layout wider than the screen.
import fs from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { type ScriptedServer, type ScriptHelpers, startScriptedServer } from "../servers/hostile";
import { createTestPki } from "../servers/test-ca";
import { HOSTILE, LAB_DIR, type Lab, startLab } from "./lab";

const ESC = "\u001b";
const RLO = "\u202e";

/** Each active payload would set window.__pwned to its own number if it ever ran. */
const pwn = (n: number) => `window.__pwned=${n}`;

const BIDI = `mx.example${RLO}moc.evil${"\u202c"} and ${"\u2067"}isolate${"\u2069"}`;
const ANSI = `${ESC}[31mRED${ESC}[0m ${ESC}]0;window title${"\u0007"} ${ESC}[2J${ESC}[H cleared`;
const CONTROLS = "ctl:\u0001\u0002\u0008\u000b\u000c\u007f\u0085\u009b end";
const JS_URL = `javascript:${pwn(6)}`;

/** One line of server text each; no CR, LF or NUL (the reply parser would split or refuse). */
const PAYLOADS: string[] = [
  `<script>${pwn(1)}</script>`,
  `</script><script>${pwn(2)}</script>`,
  `<img src=x onerror="${pwn(3)}">`,
  `<svg onload=${pwn(4)}>`,
  `<a href="javascript:${pwn(5)}">click me</a>`,
  JS_URL,
  `" onmouseover="${pwn(7)}" data-x="`,
  `' autofocus onfocus='${pwn(8)}' x='`,
  `<iframe srcdoc="<script>parent.__pwned=9</script>"></iframe>`,
  `<body onload=${pwn(10)}>`,
  `{{constructor.constructor('${pwn(11)}')()}}`,
  `\${${pwn(12)}}`,
  `<details open ontoggle=${pwn(13)}>`,
  `<input autofocus onfocus=${pwn(14)}>`,
  `<object data="javascript:${pwn(15)}"></object>`,
  `<embed src="javascript:${pwn(16)}">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${pwn(17)}">`,
  `<base href="javascript:${pwn(18)}//">`,
  `<form action="javascript:${pwn(19)}"><button>go</button></form>`,
  `<video><source onerror="${pwn(20)}"></video>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${pwn(21)}>`,
  `<!--<script>${pwn(22)}</script>-->`,
  `<![CDATA[<script>${pwn(23)}</script>]]>`,
  `<template><script>${pwn(24)}</script></template>`,
  `\\u003cscript\\u003e${pwn(25)}\\u003c/script\\u003e`,
  `&lt;script&gt;${pwn(26)}&lt;/script&gt;`,
  `%3Cscript%3E${pwn(27)}%3C/script%3E`,
  `data:text/html,<script>${pwn(28)}</script>`,
  `<marquee onstart=${pwn(29)}>`,
  `<x onclick=${pwn(30)} style="position:fixed;inset:0">`,
  `<style>*{display:none!important}</style>`,
  `<link rel=stylesheet href="javascript:${pwn(32)}">`,
  BIDI,
  ANSI,
  CONTROLS,
  `zero${"\u200b"}width${"\u200d"}join${"\ufeff"}bom${"\u2028"}sep`,
  `emoji 👩‍👩‍👧‍👦 🏳️‍🌈 ✉️ 🧪 family`,
  `quotes "double" 'single' \`back\` «guillemets» „low“`,
  `<script src=//127.0.0.1:9/x.js></script>`,
  `<a href=" jav&#x09;ascript:${pwn(40)}">entity-split</a>`,
];

/** Unbroken strings as long as the engine lets through: a reply line is at most 4 KiB. */
const LONG_LINE = `LONG${"W".repeat(3_800)}END`;
/** Certificate fields have no such cap: 5,000+ characters without a break. */
const LONG_CERT = `OU${"Q".repeat(5_200)}END`;

// The certificate: markup in CN and O, an unbroken giant OU, and hostile names next to the real one.
const CERT_SUBJECT = {
  cn: `<script>${pwn(70)}</script> ${RLO}txt.exe`,
  o: `"><svg onload=${pwn(71)}> ${ESC}[31m 👩‍💻`,
  ou: LONG_CERT,
};
const CERT_SANS = [
  HOSTILE.mx,
  `<img src=x onerror=${pwn(72)}>`,
  `javascript:${pwn(73)}`,
  `${"s".repeat(5_100)}.mailprobe.test`,
];

const utf8 = (text: string) => Buffer.from(text, "utf8");

/** A reply with one text per line ("250-a", "250 b"), written as UTF-8. */
function reply(h: ScriptHelpers, code: number, texts: string[]): Promise<void> {
  return h.write(utf8(texts.map((t, i) => `${code}${i < texts.length - 1 ? "-" : " "}${t}\r\n`).join("")));
}

/** A polite SMTP dialog (STARTTLS, relay refused) in which every server text is hostile. */
async function hostileDialog(h: ScriptHelpers): Promise<void> {
  await reply(h, 220, [`${LONG_LINE} ESMTP`, ...PAYLOADS.slice(0, 12), "ready"]);
  let secure = false;
  for (;;) {
    const cmd = await h.nextCommand();
    if (cmd === null) return;
    const verb = cmd.split(/[\s:]/)[0].toUpperCase();
    if (verb === "EHLO") {
      const host = secure ? `${PAYLOADS[1]}.secure` : PAYLOADS[0];
      const lines = [host, ...PAYLOADS, LONG_LINE, "PIPELINING", "8BITMIME", "SIZE 10240000"];
      await reply(h, 250, secure ? lines : [...lines, "STARTTLS"]);
    } else if (verb === "HELO") await reply(h, 250, [PAYLOADS[2]]);
    else if (verb === "STARTTLS" && !secure) {
      await reply(h, 220, [`2.0.0 ${PAYLOADS[3]}`]);
      await h.startTls();
      secure = true;
    } else if (verb === "MAIL") await reply(h, 250, [`2.1.0 ${PAYLOADS[4]} ${BIDI}`]);
    else if (verb === "RCPT") await reply(h, 554, [`5.7.1 ${JS_URL} ${ANSI} relay denied`]);
    else if (verb === "RSET") await reply(h, 250, [`2.0.0 ${PAYLOADS[6]}`]);
    else if (verb === "QUIT") {
      await reply(h, 221, [`2.0.0 ${PAYLOADS[7]}`]);
      return;
    } else await reply(h, 502, [`5.5.2 ${PAYLOADS[8]}`]);
  }
}

declare global {
  interface Window {
    __pwned?: unknown;
    __cspViolations?: string[];
  }
}

let lab: Lab;
let server: ScriptedServer;
test.beforeAll(async () => {
  lab = await startLab();
  const leaf = createTestPki(LAB_DIR).issueLeaf({ names: CERT_SANS, subject: CERT_SUBJECT });
  server = await startScriptedServer({
    host: HOSTILE.ip,
    port: 25,
    keyPem: leaf.keyPem,
    certPem: leaf.chainPem,
    onConnection: hostileDialog,
  });
});
test.afterAll(async () => {
  await server?.close();
  await lab?.close();
});

interface Watch {
  dialogs: string[];
  console: string[];
  errors: string[];
}

/** Record dialogs, CSP complaints and page errors from the first byte of every document. */
async function watch(page: Page): Promise<Watch> {
  const w: Watch = { dialogs: [], console: [], errors: [] };
  page.on("dialog", (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (m.type() === "error" || /content security policy|refused to/i.test(m.text())) w.console.push(m.text());
  });
  page.on("pageerror", (e) => w.errors.push(e.message));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations?.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return w;
}

/** Open every disclosure so the check is made on all text, as a curious reader would see it. */
async function expandAll(page: Page): Promise<void> {
  await page.locator("details").evaluateAll((all) => {
    for (const d of all) (d as HTMLDetailsElement).open = true;
  });
}

async function expectInert(page: Page, w: Watch): Promise<void> {
  // Give anything that might fire (onload, onerror, autofocus, toggle) a moment.
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.evaluate(() => window.__cspViolations ?? ["init script did not run"])).toEqual([]);
  expect(w.dialogs).toEqual([]);
  expect(w.console).toEqual([]);
  expect(w.errors).toEqual([]);
  // No payload became an element or an attribute: the app itself draws no <img>, frames or handlers.
  const parsed = await page.evaluate(
    () =>
      document.querySelectorAll(
        "img, iframe, object, embed, video, marquee, math, form[action^='javascript'], base, " +
          "[onerror], [onload], [onclick], [onfocus], [onmouseover], [ontoggle], [onstart], a[href^='javascript']",
      ).length,
  );
  expect(parsed).toBe(0);
}

async function expectNoOverflow(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await expandAll(page);
  const sizes = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    body: document.body.scrollWidth,
  }));
  expect(sizes.scroll, `page wider than ${width} px`).toBeLessThanOrEqual(sizes.client);
  expect(sizes.body, `body wider than ${width} px`).toBeLessThanOrEqual(sizes.client);
  // Text can also stick out of its box and be cut off by a rounded card's overflow:hidden, which
  // the page width never shows. Scroll areas (transcript, matrix) and ellipsis truncation are fine.
  const clipped = await page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const inScrollArea = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        if (/auto|scroll/.test(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const found: string[] = [];
    for (const el of document.querySelectorAll("main *")) {
      // Visually hidden text (sr-only) is a 1 px clipped box on purpose.
      if (el.clientWidth <= 1 || inScrollArea(el)) continue;
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      const sticksOut = r.width > 0 && r.right > limit + 1;
      const cut =
        /hidden|clip/.test(style.overflowX) && style.textOverflow !== "ellipsis" && el.scrollWidth > el.clientWidth + 1;
      if (sticksOut || cut) found.push(`${el.tagName.toLowerCase()}.${el.className}`.slice(0, 120));
    }
    return found;
  });
  expect(clipped, `content wider than its box at ${width} px`).toEqual([]);
}

/** A sample of the strings, as the page must show them: literally, or with controls escaped. */
async function expectShownAsText(page: Page): Promise<void> {
  await expandAll(page);
  const transcript = page.getByTestId("transcript").first();
  await expect(transcript).toContainText(PAYLOADS[0]);
  await expect(transcript).toContainText(PAYLOADS[1]);
  await expect(transcript).toContainText(PAYLOADS[2]);
  await expect(transcript).toContainText(PAYLOADS[10]);
  await expect(transcript).toContainText("\\e[31mRED\\e[0m");
  await expect(transcript).toContainText("moc.evil");
  await expect(transcript).toContainText("\\u202e");
  await expect(transcript).toContainText("\\x01\\x02\\x08\\x0b\\x0c\\x7f");
  await expect(transcript).toContainText(LONG_LINE);
  await expect(transcript).not.toContainText(RLO);
  await expect(transcript).not.toContainText(ESC);

  const banner = page.locator("[data-testid='check-banner']").first();
  await expect(banner).toContainText(`220 ${LONG_LINE.slice(0, 100)}`);
  const capabilities = page.getByTestId("capabilities").first();
  await expect(capabilities).toContainText("onerror=");
  await expect(capabilities).toContainText(PAYLOADS[0]);

  const cert = page.getByTestId("certificate-details").first();
  await expect(cert).toContainText(CERT_SANS[1]);
  await expect(cert).toContainText(CERT_SANS[2]);
  await expect(cert).toContainText(CERT_SANS[3]);
  await expect(cert).toContainText(LONG_CERT);
  await expect(cert).toContainText("\\u202etxt.exe");

  const relay = page.locator("[data-testid='check-open-relay']").first();
  await expect(relay).toHaveAttribute("data-status", "pass");
  await expect(relay).toContainText(JS_URL);
}

test("hostile server text is shown as inert text on the live page and the permalink", async ({
  page,
  request,
}, testInfo) => {
  testInfo.setTimeout(120_000);
  const w = await watch(page);
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  const input = page.getByTestId("target-input");
  await input.fill(HOSTILE.domain);
  await input.press("Enter");
  await expect(page.getByTestId("verdict")).toBeVisible({ timeout: 60_000 });
  expect(server.scriptErrors).toEqual([]);
  // The fixture really was probed, TLS included (the certificate fields come from there).
  expect(server.commands.some((c) => c.toUpperCase() === "STARTTLS")).toBe(true);

  await expectShownAsText(page);
  await expectInert(page, w);
  await expectNoOverflow(page, 1280);
  await expectNoOverflow(page, 390);
  await expectInert(page, w);

  const href = await page.getByTestId("permalink").getAttribute("href");
  expect(href).toMatch(/^\/r\/[A-Za-z0-9_-]{22}$/);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(href!);
  await expect(page.getByTestId("verdict")).toBeVisible();
  await expectShownAsText(page);
  await expectInert(page, w);
  await expectNoOverflow(page, 1280);
  await expectNoOverflow(page, 390);
  await expectInert(page, w);

  const shots = process.env.MAILPROBE_SHOTS_DIR;
  if (shots) {
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "hostile-permalink-390-light.png"), fullPage: true });
  }

  // The JSON carries the exact server text (escaped only by JSON itself), served as data.
  const json = await request.get(`/api${href!.replace(/^\/r\//, "/reports/")}`);
  expect(json.ok()).toBe(true);
  expect(json.headers()["content-type"]).toMatch(/^application\/json/);
  expect(json.headers()["x-content-type-options"]).toBe("nosniff");
  const text = JSON.stringify(await json.json());
  for (const p of [PAYLOADS[0], PAYLOADS[1], BIDI, ANSI, LONG_LINE])
    expect(text).toContain(JSON.stringify(p).slice(1, -1));
});
