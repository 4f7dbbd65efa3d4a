import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS, getCheck, runCheck } from "@/lib/probe/checks";
import { CHECK_TITLES, EXPLANATIONS, explain, fillPlaceholders, HOSTED_NOTES } from "@/lib/probe/explanations";
import { CHECK_IDS, type CheckResult } from "@/lib/probe/types";
import { ctx, domainFacts, OUTCOME_CASES } from "./fixtures/facts";

const RFC_LINK =
  /^https:\/\/www\.rfc-editor\.org\/rfc\/rfc(5321|3207|8314|7505|8996|6125|5280|1912)(#section-[\d.]+)?$/;
const PLACEHOLDER = /\{[A-Za-z][A-Za-z0-9_]*\}/;

describe("registry and explanations agree", () => {
  it("every CHECK_IDS id is in CHECKS, once, in contract order", () => {
    expect(CHECKS.map((c) => c.id)).toEqual([...CHECK_IDS]);
  });

  it("every check tells people on hosted mail what to ask their provider", () => {
    for (const id of CHECK_IDS) {
      expect(HOSTED_NOTES[id], id).toMatch(/provider/);
      expect(explain({ id, outcome: Object.keys(EXPLANATIONS[id])[0], params: {} }).hosted).toBe(HOSTED_NOTES[id]);
    }
  });

  it("every check has a short title", () => {
    for (const id of CHECK_IDS) expect(CHECK_TITLES[id]?.trim()).toBeTruthy();
  });

  for (const check of CHECKS) {
    describe(check.id, () => {
      it.each(Object.entries(check.outcomes))("%s (%s) is explained", (outcome, status) => {
        const e = EXPLANATIONS[check.id]?.[outcome];
        expect(e, `${check.id}.${outcome}`).toBeDefined();
        expect(e.title.trim()).not.toBe("");
        expect(e.why.trim()).not.toBe("");
        if (status !== "pass") expect(e.fix.trim(), `${check.id}.${outcome} needs a fix`).not.toBe("");
        for (const link of e.learnMore ?? []) {
          expect(link.label.trim()).not.toBe("");
          expect(link.href).toMatch(RFC_LINK);
        }
      });

      it("has no orphan explanations", () => {
        const declared = Object.keys(check.outcomes);
        expect(Object.keys(EXPLANATIONS[check.id]).filter((o) => !declared.includes(o))).toEqual([]);
      });
    });
  }
});

describe("explain()", () => {
  it.each(OUTCOME_CASES.map((c) => [`${c.id}.${c.outcome} (${c.name})`, c] as const))(
    "%s fills every placeholder from the check's params",
    (_, c) => {
      const check = getCheck(c.id);
      if (!check) throw new Error(c.id);
      const result = runCheck(check, { domain: c.domain ?? domainFacts(), host: c.host, session: c.session }, ctx);
      if (!result) throw new Error("no result");
      const e = explain(result);
      for (const text of [e.title, e.why, e.fix]) expect(text).not.toMatch(PLACEHOLDER);
    },
  );

  const result: CheckResult = {
    id: "banner",
    status: "inconclusive",
    outcome: "timeout",
    subject: { host: "mx.example.com", ip: "192.0.2.1", port: 25 },
    params: { seconds: 30, port: 25 },
    evidence: [],
    durationMs: 0,
  };

  it("substitutes params", () => {
    expect(explain(result).title).toBe("No greeting within 30 s");
  });

  it("leaves unknown placeholders visible and inserts values as plain text, once", () => {
    expect(fillPlaceholders("{a} and {missing}", { a: "{b}", b: "no" })).toBe("{b} and {missing}");
    expect(fillPlaceholders("{a}", { a: "<script>alert(1)</script>" })).toBe("<script>alert(1)</script>");
    expect(fillPlaceholders("{toString}", {})).toBe("{toString}");
  });

  it("degrades for an unknown outcome instead of throwing", () => {
    const e = explain({ ...result, outcome: "from-the-future" });
    expect(e).toEqual({ title: "SMTP greeting: from-the-future", why: "", fix: "", hosted: "", learnMore: [] });
  });

  it("is isomorphic: the explanations module imports nothing from node", () => {
    const dir = path.resolve(__dirname, "../../lib/probe/explanations");
    for (const file of fs.readdirSync(dir)) {
      const source = fs.readFileSync(path.join(dir, file), "utf8");
      const imports = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
      for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(/^\.\.?\//);
    }
  });
});
