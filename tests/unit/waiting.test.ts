import { describe, expect, it } from "vitest";
import type { CheckId, CheckResult, Status } from "@/lib/probe/types";
import { formatElapsed, waitingFor } from "@/lib/ui/waiting";

const c = (id: CheckId, status: Status = "pass"): CheckResult => ({
  id,
  status,
  outcome: "x",
  subject: { host: "mx.example.com", ip: "192.0.2.1", port: 25 },
  params: {},
  evidence: [],
  durationMs: 1,
});

describe("waitingFor", () => {
  it("follows a port 25 session stage by stage", () => {
    expect(waitingFor([], 25, true)).toMatch(/^connecting/);
    const steps: CheckResult[] = [c("tcp-connect")];
    expect(waitingFor(steps, 25, true)).toBe("waiting for the greeting — some servers delay it on purpose, up to 30 s");
    steps.push(c("banner"));
    expect(waitingFor(steps, 25, true)).toMatch(/reply to EHLO —/);
    steps.push(c("ehlo"), c("starttls-offered"));
    expect(waitingFor(steps, 25, true)).toMatch(/STARTTLS reply and the TLS handshake/);
    steps.push(c("tls-handshake"), c("cert-expiry"));
    expect(waitingFor(steps, 25, true)).toMatch(/EHLO over TLS/);
    steps.push(c("ehlo-after-tls"));
    expect(waitingFor(steps, 25, true)).toMatch(/relays for strangers/);
    expect(waitingFor(steps, 25, false)).toMatch(/closing/);
    expect(waitingFor(steps, 587, true)).toMatch(/closing/);
    steps.push(c("open-relay"), c("names"));
    expect(waitingFor(steps, 25, true)).toMatch(/each TLS version/);
  });

  it("on 465 the handshake comes before the greeting; without STARTTLS there is no TLS wait", () => {
    expect(waitingFor([c("tcp-connect")], 465, true)).toMatch(/TLS handshake/);
    const noTls = [c("tcp-connect"), c("banner"), c("ehlo"), c("starttls-offered", "fail")];
    expect(waitingFor(noTls, 25, true)).toMatch(/relays for strangers/);
  });
});

describe("formatElapsed", () => {
  it("counts seconds, then minutes", () => {
    expect(formatElapsed(0)).toBe("0 s");
    expect(formatElapsed(12_900)).toBe("12 s");
    expect(formatElapsed(65_000)).toBe("1 m 05 s");
  });
});
