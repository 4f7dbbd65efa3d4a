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
      [RELAY.domain]: { MX: [{ preference: 10, exchange: RELAY.mx }] },
      [RELAY.mx]: { A: [RELAY.ip] },
      [SILENT.domain]: { MX: [{ preference: 10, exchange: SILENT.mx }] },
      [SILENT.mx]: { A: [SILENT.ip] },
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
  const servers = [goodServer, relay, silent];
  return {
    dns,
    servers,
    relay,
    async close() {
      await Promise.all([dns.close(), ...servers.map((s) => s.close())]);
    },
  };
}
