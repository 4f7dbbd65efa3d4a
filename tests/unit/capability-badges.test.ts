import { describe, expect, it } from "vitest";
import type { Extensions } from "@/lib/probe/types";
import { capabilityBadges } from "@/lib/ui/capability-badges";

const ext = (over: Partial<Extensions>): Extensions => ({
  host: "mx.example.com",
  keywords: {},
  size: null,
  auth: [],
  starttls: false,
  ...over,
});

describe("capabilityBadges", () => {
  it("reads size, STARTTLS and AUTH after TLS in plain words", () => {
    const before = ext({ starttls: true, size: 52_428_800, keywords: { STARTTLS: [], SIZE: ["52428800"] } });
    const after = ext({
      size: 52_428_800,
      auth: ["PLAIN", "LOGIN"],
      keywords: { SIZE: ["52428800"], AUTH: ["PLAIN", "LOGIN"], SMTPUTF8: [], PIPELINING: [] },
    });
    expect(capabilityBadges(before, after).map((b) => b.text)).toEqual([
      "STARTTLS offered",
      "max message size 50 MiB",
      "AUTH after TLS: PLAIN LOGIN",
      "UTF-8 addresses",
      "pipelining",
    ]);
  });

  it("flags AUTH offered before TLS and says when there is no size limit", () => {
    const before = ext({ size: 0, auth: ["PLAIN"], keywords: { AUTH: ["PLAIN"] } });
    const badges = capabilityBadges(before, null);
    expect(badges).toContainEqual({ text: "AUTH before TLS: PLAIN", tone: "warn" });
    expect(badges[0].text).toBe("no fixed message size limit");
    expect(capabilityBadges(null, null)).toEqual([]);
  });
});
