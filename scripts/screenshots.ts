// `npm run screenshots`: the README's pictures of a passing and a failing report, light and dark,
// taken from the production build against mail servers on loopback (no outside network).
//
// It starts its own DNS zone (127.0.0.1:5393) and SMTP servers on 127.0.33.x, builds the app when
// there is no build yet (or with --build), runs scripts/next-server.mjs on a free port with the
// lab's environment, probes both domains in headless Chromium and writes
// public/screenshots/{pass,fail}-{light,dark}.png (1280 px wide, at most 1600 px tall).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { CHROMIUM } from "../tests/e2e/chromium";
import { startDnsServer } from "../tests/servers/dns-server";
import { startSmtpServer } from "../tests/servers/smtp-fixture";
import { createTestPki } from "../tests/servers/test-ca";

const ROOT = path.resolve(__dirname, "..");
const OUT_DIR = path.join(ROOT, "public/screenshots");
const DNS_PORT = 5393;
const HELO_NAME = "probe.mailprobe.test";
const WIDTH = 1280;
const MAX_HEIGHT = 1600;

/** A well-run domain, and one whose second MX has an expired certificate and relays for anyone. */
const PASS = { domain: "example.test", mx: "mx.example.test", ip: "127.0.33.1" };
const FAIL = {
  domain: "broken.example.test",
  mx1: "mx1.broken.example.test",
  mx2: "mx2.broken.example.test",
  ip1: "127.0.33.2",
  ip2: "127.0.33.3",
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the web server did not answer at ${url} within ${ms / 1000} s`);
}

function buildIfNeeded(): void {
  const force = process.argv.includes("--build");
  if (!force && fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) return;
  console.log("screenshots: building the app (next build)…");
  const r = spawnSync("npx", ["next", "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error("next build failed");
}

async function startLab(tmp: string) {
  const pki = createTestPki(path.join(tmp, "pki"));
  const good = pki.valid(PASS.mx);
  const mx1 = pki.valid(FAIL.mx1);
  const mx2 = pki.expired(FAIL.mx2);
  const dns = await startDnsServer(
    {
      [PASS.domain]: { MX: [{ preference: 10, exchange: PASS.mx }] },
      [PASS.mx]: { A: [PASS.ip] },
      "1.33.0.127.in-addr.arpa": { PTR: PASS.mx },
      [FAIL.domain]: {
        MX: [
          { preference: 10, exchange: FAIL.mx1 },
          { preference: 20, exchange: FAIL.mx2 },
        ],
      },
      [FAIL.mx1]: { A: [FAIL.ip1] },
      [FAIL.mx2]: { A: [FAIL.ip2] },
      "2.33.0.127.in-addr.arpa": { PTR: FAIL.mx1 },
      "3.33.0.127.in-addr.arpa": { PTR: FAIL.mx2 },
    },
    { port: DNS_PORT },
  );
  const servers = await Promise.all([
    startSmtpServer({ host: PASS.ip, port: 25, name: PASS.mx, keyPem: good.keyPem, certPem: good.chainPem }),
    startSmtpServer({ host: FAIL.ip1, port: 25, name: FAIL.mx1, keyPem: mx1.keyPem, certPem: mx1.chainPem }),
    startSmtpServer({
      host: FAIL.ip2,
      port: 25,
      name: FAIL.mx2,
      keyPem: mx2.keyPem,
      certPem: mx2.chainPem,
      acceptAnyRecipient: true,
    }),
  ]);
  return {
    caPath: pki.caPath,
    async close() {
      await Promise.all([dns.close(), ...servers.map((s) => s.close())]);
    },
  };
}

async function main(): Promise<void> {
  buildIfNeeded();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mailprobe-shots-"));
  const lab = await startLab(tmp);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [path.join(ROOT, "scripts/next-server.mjs"), ROOT], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
      MAILPROBE_DB: path.join(tmp, "reports.db"),
      MAILPROBE_DNS_SERVERS: `127.0.0.1:${DNS_PORT}`,
      MAILPROBE_ALLOW_TARGETS: "127.0.0.0/8",
      MAILPROBE_HELO_NAME: HELO_NAME,
      MAILPROBE_GREETING_TIMEOUT_MS: "3000",
      MAILPROBE_REPLY_TIMEOUT_MS: "5000",
      MAILPROBE_CONNECT_TIMEOUT_MS: "3000",
      MAILPROBE_LIMIT_REUSE_SECONDS: "0",
      MAILPROBE_LIMIT_RELAY_WINDOW_SECONDS: "0",
      NODE_EXTRA_CA_CERTS: lab.caPath,
    },
  });
  const browser = await chromium.launch(CHROMIUM);
  try {
    await waitForServer(`${base}/`, server, 60_000);
    fs.mkdirSync(OUT_DIR, { recursive: true });
    for (const [name, target] of [
      ["pass", PASS.domain],
      ["fail", FAIL.domain],
    ] as const) {
      // Probe once through the form, then photograph the permalink in both themes.
      const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
      await page.goto(`${base}/`);
      await page.getByTestId("target-input").fill(target);
      await page.getByTestId("target-input").press("Enter");
      await page.getByTestId("verdict").waitFor({ timeout: 60_000 });
      const href = await page.getByTestId("permalink").getAttribute("href");
      if (!href) throw new Error(`no permalink for ${target}`);
      await page.close();
      for (const scheme of ["light", "dark"] as const) {
        const context = await browser.newContext({
          viewport: { width: WIDTH, height: 900 },
          colorScheme: scheme,
          reducedMotion: "reduce",
        });
        const shot = await context.newPage();
        await shot.goto(`${base}${href}`);
        await shot.getByTestId("verdict").waitFor();
        await shot.evaluate(() => document.fonts.ready);
        const height = await shot.evaluate(() => document.documentElement.scrollHeight);
        const file = path.join(OUT_DIR, `${name}-${scheme}.png`);
        await shot.screenshot({
          path: file,
          fullPage: true,
          clip: { x: 0, y: 0, width: WIDTH, height: Math.min(height, MAX_HEIGHT) },
        });
        console.log(`screenshots: wrote ${path.relative(ROOT, file)}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    await lab.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
