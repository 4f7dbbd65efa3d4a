// Capabilities as the ehlo and ehlo-after-tls checks show them: parsed by the real EHLO parser,
// well-known extensions in a fixed order with readable values, anything else as sent.
import { describe, expect, it } from "vitest";
import { evaluateSessionCheck } from "@/lib/probe/checks";
import { authBeforeTlsCheck } from "@/lib/probe/checks/auth-before-tls";
import { capabilityEvidence, capabilityList } from "@/lib/probe/checks/capabilities";
import type { SessionCheck } from "@/lib/probe/checks/define";
import { ehloCheck } from "@/lib/probe/checks/ehlo";
import { ehloAfterTlsCheck } from "@/lib/probe/checks/ehlo-after-tls";
import { parseExtensions } from "@/lib/probe/smtp/extensions";
import type { SessionFacts } from "@/lib/probe/types";
import { ctx, ehloReply, goodImplicitSession, goodSession } from "./fixtures/facts";

const caps = (...lines: string[]) => capabilityList(parseExtensions(ehloReply("mx.example.com", ...lines)));
const capsText = (s: SessionFacts, check: SessionCheck = ehloCheck) =>
  evaluateSessionCheck(check, s, ctx)?.evidence.find((e) => e.label === "Capabilities")?.value;

/** A session whose EHLO before and after TLS carry these keywords (parsed for real). */
function session(before: string[], after: string[], port: 25 | 587 = 587): SessionFacts {
  const ehlo = ehloReply("mx.example.com", ...before);
  const ehloAfterTls = ehloReply("mx.example.com", ...after);
  return goodSession({
    port,
    ehlo,
    extensions: parseExtensions(ehlo),
    ehloAfterTls,
    extensionsAfterTls: parseExtensions(ehloAfterTls),
  });
}

describe("capabilityList", () => {
  it("lists every well-known extension in a fixed order, whatever order the server used", () => {
    expect(
      caps(
        "AUTH PLAIN LOGIN",
        "REQUIRETLS",
        "STARTTLS",
        "ENHANCEDSTATUSCODES",
        "DSN",
        "BINARYMIME",
        "CHUNKING",
        "SMTPUTF8",
        "8BITMIME",
        "PIPELINING",
        "SIZE 52428800",
      ),
    ).toEqual([
      "SIZE 50 MiB (52428800 bytes)",
      "PIPELINING",
      "8BITMIME",
      "SMTPUTF8",
      "CHUNKING",
      "BINARYMIME",
      "DSN",
      "ENHANCEDSTATUSCODES",
      "STARTTLS",
      "REQUIRETLS",
      "AUTH PLAIN LOGIN",
    ]);
  });

  it.each([
    ["SIZE 36700160", "SIZE 35 MiB (36700160 bytes)"],
    ["SIZE 35882577", "SIZE 34.2 MiB (35882577 bytes)"],
    ["SIZE 1536", "SIZE 1.5 KiB (1536 bytes)"],
    ["SIZE 1000", "SIZE 1000 bytes"],
    ["SIZE 2147483648", "SIZE 2 GiB (2147483648 bytes)"],
    ["SIZE 0", "SIZE (no fixed limit)"],
    ["SIZE", "SIZE"],
    ["SIZE unlimited", "SIZE unlimited"],
  ])("%s → %s", (line, shown) => {
    expect(caps(line)).toEqual([shown]);
  });

  it("reads AUTH from the old AUTH= form too, once per mechanism", () => {
    expect(caps("AUTH=LOGIN PLAIN")).toEqual(["AUTH LOGIN PLAIN"]);
    expect(caps("AUTH LOGIN PLAIN", "AUTH=LOGIN")).toEqual(["AUTH LOGIN PLAIN"]);
    expect(caps("AUTH")).toEqual(["AUTH"]);
  });

  it("lists unknown extensions after the known ones, as the server sent them", () => {
    expect(
      caps("X-EXPS GSSAPI NTLM", "ETRN", "PIPELINING", "XCLIENT NAME ADDR", "LIMITS RCPTMAX=100 MAILMAX=5"),
    ).toEqual(["PIPELINING", "X-EXPS GSSAPI NTLM", "ETRN", "XCLIENT NAME ADDR", "LIMITS RCPTMAX=100 MAILMAX=5"]);
  });

  it("neutralises control characters and caps the length of what the server wrote", () => {
    const [weird] = caps(`X-NOTE \u001b[31m${"x".repeat(200)}`);
    expect(weird.startsWith("X-NOTE \uFFFD[31mxxx")).toBe(true);
    expect(weird.length).toBe(120);
  });

  it("says so when nothing is advertised", () => {
    expect(capabilityEvidence(parseExtensions(ehloReply("mx.example.com")))).toEqual([
      { label: "Server name", value: "mx.example.com" },
      { label: "Capabilities", value: "none advertised" },
    ]);
  });
});

describe("ehlo and ehlo-after-tls evidence", () => {
  const before = ["SIZE 10485760", "PIPELINING", "8BITMIME", "STARTTLS", "AUTH CRAM-MD5"];
  const after = ["SIZE 52428800", "PIPELINING", "8BITMIME", "SMTPUTF8", "CHUNKING", "AUTH PLAIN LOGIN"];

  it("ehlo shows what was offered in clear text, AUTH mechanisms included", () => {
    expect(capsText(session(before, after))).toBe(
      "SIZE 10 MiB (10485760 bytes), PIPELINING, 8BITMIME, STARTTLS, AUTH CRAM-MD5",
    );
  });

  it("ehlo-after-tls shows what changed under TLS: its own SIZE and AUTH, no STARTTLS", () => {
    const result = evaluateSessionCheck(ehloAfterTlsCheck, session(before, after), ctx);
    expect(result?.outcome).toBe("ok");
    expect(capsText(session(before, after), ehloAfterTlsCheck)).toBe(
      "SIZE 50 MiB (52428800 bytes), PIPELINING, 8BITMIME, SMTPUTF8, CHUNKING, AUTH PLAIN LOGIN",
    );
    expect(result?.params.count).toBe(6);
    // AUTH was offered before TLS as well, so this is not the "only after TLS" case.
    expect(result?.evidence.some((e) => e.label === "AUTH")).toBe(false);
  });

  it("ehlo-after-tls points out AUTH offered only after TLS, and STARTTLS wrongly offered again", () => {
    const good = evaluateSessionCheck(ehloAfterTlsCheck, session(["STARTTLS"], ["AUTH PLAIN"]), ctx);
    expect(good?.evidence).toContainEqual({ label: "AUTH", value: "offered only after TLS (good)" });
    const again = evaluateSessionCheck(ehloAfterTlsCheck, session(["STARTTLS"], ["STARTTLS"]), ctx);
    expect(again?.evidence.at(-1)?.value).toMatch(/STARTTLS is still advertised after TLS/);
  });

  it("on port 465 the only EHLO is after TLS, and says so", () => {
    const result = evaluateSessionCheck(ehloAfterTlsCheck, goodImplicitSession(), ctx);
    expect(result?.evidence.find((e) => e.label === "Capabilities")?.value).toContain("AUTH PLAIN LOGIN");
    expect(result?.evidence.at(-1)?.value).toMatch(/465/);
  });
});

describe("auth-before-tls judges each port on its own", () => {
  const plainBeforeTls = ["STARTTLS", "AUTH PLAIN LOGIN"];
  it.each([
    [587, "plaintext-auth", "fail"],
    [25, "plaintext-auth-mx", "warn"],
  ] as const)("PLAIN/LOGIN in clear on %s → %s (%s)", (port, outcome, status) => {
    const result = evaluateSessionCheck(authBeforeTlsCheck, session(plainBeforeTls, ["AUTH PLAIN LOGIN"], port), ctx);
    expect(result).toMatchObject({ outcome, status, params: { cleartext: "PLAIN LOGIN", port } });
  });

  it("the legacy AUTH= form counts the same", () => {
    const result = evaluateSessionCheck(authBeforeTlsCheck, session(["STARTTLS", "AUTH=LOGIN"], [], 587), ctx);
    expect(result).toMatchObject({ outcome: "plaintext-auth", params: { cleartext: "LOGIN" } });
  });

  it("AUTH only after TLS passes on both ports", () => {
    for (const port of [25, 587] as const) {
      const result = evaluateSessionCheck(authBeforeTlsCheck, session(["STARTTLS"], ["AUTH PLAIN LOGIN"], port), ctx);
      expect(result?.outcome).toBe("none");
    }
  });
});
