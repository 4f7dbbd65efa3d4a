// The e2e lab: a DNS zone and real SMTP servers on fixed loopback addresses, matching the
// environment playwright.config.ts gives the web server (DNS on 127.0.0.1:5391, CA file).
import path from "node:path";
import { type DnsServer, startDnsServer } from "../servers/dns-server";
import { type SilentServer, startSilentServer } from "../servers/silent-server";
import { type SmtpFixture, startSmtpServer } from "../servers/smtp-fixture";
import { createTestPki } from "../servers/test-ca";

export const LAB_DIR = path.resolve(__dirname, "../.tmp/e2e-pki");
export const LAB_CA_FILE = path.resolve(__dirname, "../.tmp/e2e-ca.pem");

export const GOOD = { domain: "good.mailprobe.test", mx: "mx.good.mailprobe.test", ip: "127.0.31.1" };
export const RELAY = { domain: "relay.mailprobe.test", mx: "mx.relay.mailprobe.test", ip: "127.0.31.2" };
export const SILENT = { domain: "silent.mailprobe.test", mx: "mx.silent.mailprobe.test", ip: "127.0.31.3" };
/** Two MX: a fast open relay and a silent one, so the page streams long before the end. */
export const MIXED = { domain: "mixed.mailprobe.test" };
/**
 * For the overview matrix: three MX, two addresses on the first (one refuses connections) plus a
 * non-public AAAA the guard leaves out, a self-signed second MX, and the silent host last, tested
 * on ports 25 and 587 (nothing listens on 587 except on the first address).
 */
export const MATRIX = {
  domain: "matrix.mailprobe.test",
  mx1: "mx1.matrix.mailprobe.test",
  mx2: "mx2.matrix.mailprobe.test",
  ip1: "127.0.31.4",
  ip1b: "127.0.31.5",
  blocked6: "fd00::25",
  ip2: "127.0.31.6",
};

/**
 * For the hostile-strings test (hostile-text.spec.ts starts its own scripted server there): its
 * banner, EHLO replies, certificate and reverse name carry markup, escapes and long strings.
 */
export const HOSTILE = {
  domain: "hostile.mailprobe.test",
  mx: "mx.hostile.mailprobe.test",
  ip: "127.0.31.40",
  ptr: "<img src=x onerror=window.__pwned=90>.ptr.hostile.mailprobe.test",
};

/** A server whose certificate expired 30 days ago (summary, chain card, copy and download tests). */
export const EXPIRED = { domain: "expired.mailprobe.test", mx: "mx.expired.mailprobe.test", ip: "127.0.31.50" };

export interface Lab {
  dns: DnsServer;
  servers: (SmtpFixture | SilentServer)[];
  relay: SmtpFixture;
  close(): Promise<void>;
}

export async function startLab(): Promise<Lab> {
  const pki = createTestPki(LAB_DIR);
  const good = pki.valid(GOOD.mx);
  const bad = pki.selfSigned(RELAY.mx);
  const dns = await startDnsServer(
    {
      [GOOD.domain]: { MX: [{ preference: 10, exchange: GOOD.mx }] },
      [GOOD.mx]: { A: [GOOD.ip] },
      // Forward-confirmed reverse DNS, so the well-configured server passes the names check too.
      "1.31.0.127.in-addr.arpa": { PTR: GOOD.mx },
      [RELAY.domain]: { MX: [{ preference: 10, exchange: RELAY.mx }] },
      [RELAY.mx]: { A: [RELAY.ip] },
      [SILENT.domain]: { MX: [{ preference: 10, exchange: SILENT.mx }] },
      [SILENT.mx]: { A: [SILENT.ip] },
      [MATRIX.domain]: {
        MX: [
          { preference: 10, exchange: MATRIX.mx1 },
          { preference: 20, exchange: MATRIX.mx2 },
          { preference: 30, exchange: SILENT.mx },
        ],
      },
      [MATRIX.mx1]: { A: [MATRIX.ip1, MATRIX.ip1b], AAAA: [MATRIX.blocked6] },
      [MATRIX.mx2]: { A: [MATRIX.ip2] },
      [HOSTILE.domain]: { MX: [{ preference: 10, exchange: HOSTILE.mx }] },
      [HOSTILE.mx]: { A: [HOSTILE.ip] },
      "40.31.0.127.in-addr.arpa": { PTR: HOSTILE.ptr },
      [EXPIRED.domain]: { MX: [{ preference: 10, exchange: EXPIRED.mx }] },
      [EXPIRED.mx]: { A: [EXPIRED.ip] },
      [MIXED.domain]: {
        MX: [
          { preference: 10, exchange: RELAY.mx },
          { preference: 20, exchange: SILENT.mx },
        ],
      },
    },
    { port: 5391 },
  );
  const goodServer = await startSmtpServer({
    host: GOOD.ip,
    port: 25,
    name: GOOD.mx,
    keyPem: good.keyPem,
    certPem: good.chainPem,
  });
  const relay = await startSmtpServer({
    host: RELAY.ip,
    port: 25,
    name: RELAY.mx,
    keyPem: bad.keyPem,
    certPem: bad.chainPem,
    acceptAnyRecipient: true,
  });
  const silent = await startSilentServer(SILENT.ip, 25);
  const matrixCert = pki.valid(MATRIX.mx1);
  const matrixSelfSigned = pki.selfSigned(MATRIX.mx2);
  const matrixServers = await Promise.all([
    ...[25, 587].map((port) =>
      startSmtpServer({
        host: MATRIX.ip1,
        port,
        name: MATRIX.mx1,
        keyPem: matrixCert.keyPem,
        certPem: matrixCert.chainPem,
      }),
    ),
    startSmtpServer({
      host: MATRIX.ip2,
      port: 25,
      name: MATRIX.mx2,
      keyPem: matrixSelfSigned.keyPem,
      certPem: matrixSelfSigned.chainPem,
    }),
  ]);
  const expiredCert = pki.expired(EXPIRED.mx);
  const expiredServer = await startSmtpServer({
    host: EXPIRED.ip,
    port: 25,
    name: EXPIRED.mx,
    keyPem: expiredCert.keyPem,
    certPem: expiredCert.chainPem,
  });
  const servers = [goodServer, relay, silent, ...matrixServers, expiredServer];
  return {
    dns,
    servers,
    relay,
    async close() {
      await Promise.all([dns.close(), ...servers.map((s) => s.close())]);
    },
  };
}
