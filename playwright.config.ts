import { defineConfig } from "@playwright/test";
import { CHROMIUM } from "./tests/e2e/chromium";

// The e2e suite runs the production build against fixture mail servers on loopback.
// Fixed addresses: the web server reads them from its environment at start.
export const E2E_PORT = 3210;
export const E2E_DNS = "127.0.0.1:5391";

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    launchOptions: CHROMIUM,
  },
  webServer: {
    // The same server `npm start` runs (it appends the peer to X-Forwarded-For), not bare `next start`.
    command: `npx tsx tests/e2e/prepare.ts && npx next build && node scripts/next-server.mjs`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: {
      PORT: String(E2E_PORT),
      NEXT_TELEMETRY_DISABLED: "1",
      MAILPROBE_DB: "tests/.tmp/e2e.db",
      MAILPROBE_DNS_SERVERS: E2E_DNS,
      MAILPROBE_ALLOW_TARGETS: "127.0.0.0/8,::1/128",
      MAILPROBE_HELO_NAME: "probe.mailprobe.test",
      MAILPROBE_GREETING_TIMEOUT_MS: "3000",
      MAILPROBE_REPLY_TIMEOUT_MS: "5000",
      MAILPROBE_CONNECT_TIMEOUT_MS: "3000",
      NODE_EXTRA_CA_CERTS: "tests/.tmp/e2e-ca.pem",
      // Every page test comes from 127.0.0.1 and may test the same lab target twice: the public
      // limits (tested in tests/integration/api-limits.test.ts) stay out of the way here.
      MAILPROBE_LIMIT_CLIENT_PROBES: "10000",
      MAILPROBE_LIMIT_CLIENT_CONCURRENT: "20",
      MAILPROBE_LIMIT_REUSE_SECONDS: "0",
      MAILPROBE_LIMIT_RELAY_WINDOW_SECONDS: "0",
    },
  },
});
