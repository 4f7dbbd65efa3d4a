import { describe, expect, it } from "vitest";
import { emptyReport } from "@/lib/probe/report";
import type { CheckResult, Report, Status } from "@/lib/probe/types";
import { answerText, FAQ } from "@/lib/ui/faq-content";
import {
  imageText,
  shareDescription,
  shareTitle,
  statusCounts,
  verdictPhrase,
  verdictWord,
} from "@/lib/ui/share-summary";

function check(status: Status, i: number): CheckResult {
  return { id: "banner", status, outcome: `o${i}`, subject: {}, params: {}, evidence: [], durationMs: 1 };
}

function report(statuses: Status[], patch: Partial<Report> = {}): Report {
  const r = emptyReport("r1", "MX.Example.com", "2026-11-28T05:30:00.000Z");
  return {
    ...r,
    normalizedTarget: { input: "MX.Example.com", kind: "domain", name: "mx.example.com", unicode: null },
    ports: [25],
    state: "finished",
    checks: statuses.map(check),
    ...patch,
  };
}

describe("share title and description", () => {
  it("names the worst status with its count", () => {
    const r = report(["pass", "fail", "warn", "fail", "skipped"], { status: "fail" });
    expect(shareTitle(r)).toBe("mx.example.com: 2 failures — mailprobe report");
    expect(shareDescription(r)).toBe(
      "Mail server test of mx.example.com on port 25, 28 Nov 2026, 05:30 UTC: 2 failures, 1 warning, 1 pass. Reachability, STARTTLS, certificate and open relay, explained.",
    );
  });

  it("uses the singular and the next worst status", () => {
    expect(verdictPhrase(report(["pass", "inconclusive"]))).toBe("1 inconclusive");
    expect(verdictPhrase(report(["warn", "pass"]))).toBe("1 warning");
    expect(verdictPhrase(report(["fail"]))).toBe("1 failure");
  });

  it("says all passed only when something passed and nothing is worse", () => {
    expect(shareTitle(report(["pass", "info", "skipped"]))).toBe(
      "mx.example.com: all checks passed — mailprobe report",
    );
    expect(verdictPhrase(report(["skipped"]))).toBe("nothing could be tested");
    expect(verdictPhrase(report([]))).toBe("nothing could be tested");
  });

  it("describes unfinished runs by their state", () => {
    expect(shareTitle(report(["pass"], { state: "running" }))).toBe(
      "mx.example.com: test in progress — mailprobe report",
    );
    expect(verdictPhrase(report([], { state: "failed" }))).toBe("the test could not run");
    expect(shareDescription(report(["pass"], { state: "aborted", ports: [25, 587] }))).toBe(
      "Mail server test of mx.example.com on ports 25, 587, 28 Nov 2026, 05:30 UTC: test stopped before the end.",
    );
  });

  it("falls back to the typed target when it never parsed", () => {
    expect(shareTitle(report([], { normalizedTarget: null, target: "not a host", state: "failed" }))).toBe(
      "not a host: the test could not run — mailprobe report",
    );
  });

  it("counts every status", () => {
    expect(statusCounts(report(["pass", "pass", "info", "skipped"]))).toEqual({
      pass: 2,
      info: 1,
      warn: 0,
      fail: 0,
      inconclusive: 0,
      skipped: 1,
    });
  });

  it("gives the image a word and a colour", () => {
    expect(verdictWord(report([], { status: "fail" }))).toEqual({ word: "Failed", status: "fail" });
    expect(verdictWord(report([], { status: "info" }))).toEqual({ word: "Passed", status: "info" });
    expect(verdictWord(report([], { state: "running" })).word).toBe("Running");
  });
});

describe("imageText", () => {
  it("keeps printable ASCII and cuts long text", () => {
    expect(imageText("mx.example.com", 36)).toBe("mx.example.com");
    expect(imageText("a".repeat(50), 10)).toBe("aaaaaaa...");
    expect(imageText("a".repeat(50), 10)).toHaveLength(10);
  });

  it("replaces anything the bundled font may lack, and control characters", () => {
    expect(imageText("bücher\u0000\u202e😀.example", 40)).toBe("b?cher???.example");
    expect(imageText("x\ny", 10)).toBe("x?y");
  });
});

describe("FAQ structured data", () => {
  it("has unique, anchor-safe ids and an answer for every question", () => {
    const ids = FAQ.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of FAQ) {
      expect(item.id).toMatch(/^[a-z0-9-]+$/);
      expect(answerText(item).length).toBeGreaterThan(40);
    }
  });

  it("covers the questions a mail admin asks", () => {
    for (const id of [
      "starttls",
      "which-port",
      "open-relay",
      "starttls-fails",
      "self-signed-port-25",
      "greylisting",
      "inconclusive",
      "sends-email",
    ]) {
      expect(
        FAQ.some((f) => f.id === id),
        id,
      ).toBe(true);
    }
  });
});
