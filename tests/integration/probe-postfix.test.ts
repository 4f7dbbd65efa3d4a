// A real Postfix on loopback: with a certificate from the test CA (trusted through
// NODE_EXTRA_CA_CERTS, set by global-setup) every check passes; without TLS, STARTTLS fails.
// The CLI is exercised here too, as a mail admin would run it.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../lib/probe/types";
import { type DnsServer, startDnsServer } from "../servers/dns-server";
import { type PostfixInstance, postfixAvailable, startPostfix } from "../servers/postfix";
import { outcome, probe } from "./helpers";
import { testPki } from "./pki";

const TLS_MX = { domain: "pf.mailprobe.test", mx: "mx.pf.mailprobe.test", ip: "127.0.10.11" };
const PLAIN_MX = { domain: "plain.mailprobe.test", mx: "mx.plain.mailprobe.test", ip: "127.0.10.12" };
const run = promisify(execFile);

// postfixAvailable() throws under CI when Postfix is missing: never a silent skip there.
describe.skipIf(!postfixAvailable())("real Postfix", () => {
  let dns: DnsServer;
  let withTls: PostfixInstance;
  let plain: PostfixInstance;

  beforeAll(async () => {
    const leaf = testPki().valid(TLS_MX.mx);
    [withTls, plain, dns] = await Promise.all([
      startPostfix({
        address: TLS_MX.ip,
        name: TLS_MX.mx,
        tls: leaf,
        ports: [25, 587, 465],
        // Well configured means TLS 1.2+ only: stock Postfix on Debian 12 still accepts 1.0/1.1.
        extraMainCf: { smtpd_tls_protocols: ">=TLSv1.2", smtpd_tls_mandatory_protocols: ">=TLSv1.2" },
      }),
      startPostfix({ address: PLAIN_MX.ip, name: PLAIN_MX.mx, tls: null }),
      startDnsServer({
        [TLS_MX.domain]: { MX: [{ preference: 10, exchange: TLS_MX.mx }] },
        [TLS_MX.mx]: { A: [TLS_MX.ip] },
        // Forward-confirmed reverse DNS matching the greeting, so the names check passes too.
        "11.10.0.127.in-addr.arpa": { PTR: TLS_MX.mx },
        [PLAIN_MX.domain]: { MX: [{ preference: 10, exchange: PLAIN_MX.mx }] },
        [PLAIN_MX.mx]: { A: [PLAIN_MX.ip] },
      }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([withTls?.stop(), plain?.stop(), dns?.close()]);
  }, 60_000);

  it("with a valid certificate every check passes on 25, 587 and 465", async () => {
    const r = await probe(TLS_MX.domain, { dns: dns.server, ports: [25, 587, 465] });
    const notPassing = r.report.checks
      .filter((c) => c.status !== "pass")
      .map((c) => `${c.id}:${c.subject.port ?? ""} ${outcome(c)}`);
    expect(notPassing).toEqual([]);
    expect(r.report.status).toBe("pass");
    for (const port of [25, 587, 465]) {
      expect(outcome(r.check("tls-handshake", { port }))).toBe("pass/ok");
      expect(outcome(r.check("cert-hostname", { port }))).toBe("pass/match");
    }
    expect(outcome(r.check("open-relay"))).toBe("pass/rejected");
    expect(outcome(r.check("starttls-offered", { port: 25 }))).toBe("pass/offered");
  });

  it("without TLS, starttls-offered fails", async () => {
    const r = await probe(PLAIN_MX.domain, { dns: dns.server });
    expect(outcome(r.check("starttls-offered"))).toBe("fail/not-offered");
    expect(outcome(r.check("open-relay"))).toBe("pass/rejected");
    expect(r.report.status).toBe("fail");
  });

  describe("the CLI", () => {
    const cli = (args: string[]) =>
      run("npx", ["tsx", "bin/probe.ts", ...args], {
        cwd: path.resolve(__dirname, "../.."),
        env: {
          ...process.env,
          MAILPROBE_DNS_SERVERS: dns.server,
          MAILPROBE_ALLOW_TARGETS: "127.0.0.0/8",
          MAILPROBE_HELO_NAME: "probe.mailprobe.test",
          NO_COLOR: "1",
        },
      }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );

    it("prints one line per check and exits 0 against a good server", async () => {
      const r = await cli([TLS_MX.domain, "--port", "25", "--port", "465"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/PASS\s+cert-trusted\s+mx\.pf\.mailprobe\.test \[127\.0\.10\.11\]:465/);
      expect(r.stdout).toMatch(/overall: PASS/);
    });

    it("--json prints the report document and exits 1 when something fails", async () => {
      const r = await cli([PLAIN_MX.domain, "--json", "--no-relay"]);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.schemaVersion).toBe(1);
      expect(report.status).toBe("fail");
      expect(report.checks.find((c) => c.id === "starttls-offered")?.status).toBe("fail");
      expect(report.sessions[0].transcript.some((l) => l.dir === "C" && l.text.startsWith("EHLO"))).toBe(true);
      expect(report.checks.some((c) => c.id === "open-relay")).toBe(false);
    });

    it("exits 2 on bad usage and on a target it cannot test", async () => {
      expect((await cli([])).code).toBe(2);
      expect((await cli([TLS_MX.domain, "--port", "2525"])).code).toBe(2);
      const bad = await cli(["https://example.com/"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/domain/i);
    });
  });
});
