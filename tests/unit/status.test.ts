import { describe, expect, it } from "vitest";
import { severity, worstStatus } from "../../lib/probe/status";
import { STATUSES, type Status } from "../../lib/probe/types";

describe("worstStatus", () => {
  it.each<[Status[], Status]>([
    [[], "pass"],
    [["pass"], "pass"],
    [["skipped"], "pass"],
    [["skipped", "skipped"], "pass"],
    [["info", "pass"], "info"],
    [["pass", "warn", "info"], "warn"],
    [["warn", "inconclusive"], "inconclusive"],
    [["inconclusive", "fail", "warn"], "fail"],
    [["fail", "skipped"], "fail"],
    [["skipped", "info"], "info"],
    [["pass", "info", "warn", "inconclusive", "fail", "skipped"], "fail"],
  ])("%j → %s", (statuses, worst) => {
    expect(worstStatus(statuses)).toBe(worst);
  });

  it("does not depend on order", () => {
    const all: Status[] = ["pass", "info", "warn", "inconclusive", "skipped"];
    expect(worstStatus(all)).toBe("inconclusive");
    expect(worstStatus([...all].reverse())).toBe("inconclusive");
  });

  it("accepts any iterable", () => {
    expect(worstStatus(new Set<Status>(["info", "warn"]))).toBe("warn");
    function* gen(): Generator<Status> {
      yield "pass";
      yield "fail";
    }
    expect(worstStatus(gen())).toBe("fail");
  });
});

describe("severity", () => {
  it("orders fail > inconclusive > warn > info > pass > skipped", () => {
    const order: Status[] = ["fail", "inconclusive", "warn", "info", "pass", "skipped"];
    for (let i = 1; i < order.length; i++) expect(severity(order[i - 1])).toBeGreaterThan(severity(order[i]));
  });

  it("covers every status", () => {
    for (const s of STATUSES) expect(Number.isInteger(severity(s))).toBe(true);
  });
});
