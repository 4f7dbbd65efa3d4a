import { describe, expect, it } from "vitest";
import { DEFAULT_REPLY_LIMITS, type ParseResult, ReplyParser } from "../../lib/probe/smtp/reply-parser";
import type { Reply } from "../../lib/probe/types";

function parseAll(chunks: Buffer[], parser = new ReplyParser(DEFAULT_REPLY_LIMITS)): ParseResult {
  const replies: Reply[] = [];
  for (const chunk of chunks) {
    const r = parser.push(chunk);
    replies.push(...r.replies);
    if (r.error) return { replies, error: r.error };
  }
  return { replies, error: null };
}

function bytewise(buf: Buffer): Buffer[] {
  return [...buf].map((b) => Buffer.from([b]));
}

const EHLO =
  "250-mx.example.com Hello [192.0.2.1]\r\n" +
  "250-SIZE 52428800\r\n" +
  "250-8BITMIME\r\n" +
  "250-AUTH PLAIN LOGIN\r\n" +
  "250-ENHANCEDSTATUSCODES\r\n" +
  "250 STARTTLS\r\n";

// Greeting with multi-byte UTF-8 (2, 3 and 4 bytes), a multi-line EHLO, a bare-LF reply, an
// enhanced code and a code-only final line.
const STREAM = Buffer.from(
  `220 mx.bücher.example ESMTP 日本 ready 🚀\r\n${EHLO}250 2.1.0 Ok\n221-bye\r\n221\r\n`,
  "utf8",
);

describe("ReplyParser", () => {
  it("parses a single-line reply", () => {
    const r = new ReplyParser().push(Buffer.from("220 mx.example.com ESMTP\r\n"));
    expect(r.error).toBeNull();
    expect(r.replies).toEqual([
      { code: 220, enhanced: null, lines: ["mx.example.com ESMTP"], raw: "220 mx.example.com ESMTP\r\n" },
    ]);
  });

  it("parses a multi-line reply and keeps raw exact", () => {
    const r = new ReplyParser().push(Buffer.from(EHLO));
    expect(r.error).toBeNull();
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0].code).toBe(250);
    expect(r.replies[0].lines).toEqual([
      "mx.example.com Hello [192.0.2.1]",
      "SIZE 52428800",
      "8BITMIME",
      "AUTH PLAIN LOGIN",
      "ENHANCEDSTATUSCODES",
      "STARTTLS",
    ]);
    expect(r.replies[0].raw).toBe(EHLO);
  });

  it("parses a multi-line reply fed byte by byte, including UTF-8", () => {
    const r = parseAll(bytewise(STREAM));
    expect(r.error).toBeNull();
    expect(r.replies.map((x) => x.code)).toEqual([220, 250, 250, 221]);
    expect(r.replies[0].lines).toEqual(["mx.bücher.example ESMTP 日本 ready 🚀"]);
    expect(r.replies.map((x) => x.raw).join("")).toBe(STREAM.toString("utf8"));
  });

  it("gives identical output for every split position of a sample stream", () => {
    const whole = parseAll([STREAM]);
    expect(whole.error).toBeNull();
    expect(whole.replies).toHaveLength(4);
    for (let i = 0; i <= STREAM.length; i++) {
      const split = parseAll([STREAM.subarray(0, i), STREAM.subarray(i)]);
      expect(split).toEqual(whole);
    }
    for (let i = 1; i < STREAM.length; i++) {
      for (let j = i; j < STREAM.length; j += 7) {
        const split = parseAll([STREAM.subarray(0, i), STREAM.subarray(i, j), STREAM.subarray(j)]);
        expect(split).toEqual(whole);
      }
    }
  });

  it("accepts a code-only final line", () => {
    const r = new ReplyParser().push(Buffer.from("250-first\r\n250\r\n"));
    expect(r.replies[0].lines).toEqual(["first", ""]);
    expect(new ReplyParser().push(Buffer.from("250\r\n")).replies[0]).toEqual({
      code: 250,
      enhanced: null,
      lines: [""],
      raw: "250\r\n",
    });
  });

  it("accepts bare LF line endings and keeps raw exact", () => {
    const text = "250-a\n250-b\r\n250 c\n";
    const r = new ReplyParser().push(Buffer.from(text));
    expect(r.replies).toEqual([{ code: 250, enhanced: null, lines: ["a", "b", "c"], raw: text }]);
  });

  it("handles a split between CR and LF", () => {
    const p = new ReplyParser();
    expect(p.push(Buffer.from("220 hi\r")).replies).toEqual([]);
    expect(p.bufferedBytes()).toBe(7);
    const r = p.push(Buffer.from("\n"));
    expect(r.replies).toEqual([{ code: 220, enhanced: null, lines: ["hi"], raw: "220 hi\r\n" }]);
    expect(p.bufferedBytes()).toBe(0);
  });

  it("returns several replies from one chunk (pipelining)", () => {
    const r = new ReplyParser().push(Buffer.from("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go\r\n"));
    expect(r.replies.map((x) => [x.code, x.enhanced])).toEqual([
      [250, "2.1.0"],
      [250, "2.1.5"],
      [354, null],
    ]);
  });

  describe("enhanced status codes", () => {
    const cases: [string, string | null][] = [
      ["250 2.0.0 Ok", "2.0.0"],
      ["550 5.7.1 Relaying denied", "5.7.1"],
      ["451 4.7.1 Try again later", "4.7.1"],
      ["554 5.7.1", "5.7.1"],
      ["250 2.123.456 x", "2.123.456"],
      ["550 4.7.1 class mismatch", null],
      ["250 5.0.0 class mismatch", null],
      ["250 1.2.3 bad class", null],
      ["250 2.1234.0 too many digits", null],
      ["250 2.0.0Ok no separator", null],
      ["250 Ok 2.0.0", null],
      ["250 2.0 short", null],
    ];
    it.each(cases)("%s → %s", (line, enhanced) => {
      const r = new ReplyParser().push(Buffer.from(`${line}\r\n`));
      expect(r.error).toBeNull();
      expect(r.replies[0].enhanced).toBe(enhanced);
      // The text is kept whole.
      expect(r.replies[0].lines[0]).toBe(line.slice(4));
    });

    it("reads the enhanced code from the first line only", () => {
      const r = new ReplyParser().push(Buffer.from("250-mx.example.com\r\n250 2.0.0 Ok\r\n"));
      expect(r.replies[0].enhanced).toBeNull();
    });
  });

  it("does not crash on NUL, ESC and binary, and keeps them", () => {
    const bytes = Buffer.concat([
      Buffer.from("220 a"),
      Buffer.from([0x00, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xff, 0xfe, 0x80]),
      Buffer.from("b\r\n"),
    ]);
    const r = new ReplyParser().push(bytes);
    expect(r.error).toBeNull();
    expect(r.replies[0].lines[0]).toBe("a\u0000\u001b[31m\ufffd\ufffd\ufffdb");
  });

  it("decodes a truncated UTF-8 sequence at line end as U+FFFD", () => {
    const bytes = Buffer.concat([Buffer.from("220 x"), Buffer.from([0xe6, 0x97]), Buffer.from("\r\n")]);
    const r = new ReplyParser().push(bytes);
    expect(r.replies[0].lines[0]).toBe("x\ufffd");
  });

  describe("line cap", () => {
    it("accepts a line of exactly lineBytes, also with CR and LF split", () => {
      const body = `250 ${"a".repeat(4092)}`;
      expect(body.length).toBe(4096);
      const whole = new ReplyParser().push(Buffer.from(`${body}\r\n`));
      expect(whole.error).toBeNull();
      const split = parseAll([Buffer.from(`${body}\r`), Buffer.from("\n")]);
      expect(split).toEqual(whole);
      expect(new ReplyParser().push(Buffer.from(`${body}\n`)).error).toBeNull();
    });

    it("rejects lineBytes + 1, whole or split", () => {
      const body = `250 ${"a".repeat(4093)}`;
      const whole = new ReplyParser().push(Buffer.from(`${body}\r\n`));
      expect(whole.error?.code).toBe("line-too-long");
      expect(whole.error?.message).toBe("server sent a line longer than 4096 bytes without CRLF");
      expect(parseAll(bytewise(Buffer.from(`${body}\r\n`)))).toEqual(whole);
    });

    // Pushes up to 5 MB of "A" with no CRLF; reports when the error came and the peak buffer.
    function flood(chunkSize: number) {
      const p = new ReplyParser();
      const chunk = Buffer.alloc(chunkSize, 0x41);
      let maxBuffered = 0;
      for (let sent = chunkSize; sent <= 5 * 1024 * 1024; sent += chunkSize) {
        const r = p.push(chunk);
        maxBuffered = Math.max(maxBuffered, p.bufferedBytes());
        if (r.error) return { error: r.error, sent, maxBuffered, after: p.push(chunk) };
      }
      return { error: null, sent: -1, maxBuffered, after: null };
    }

    it("errors on a 5 MB line in 64 KiB chunks at the first chunk, memory bounded", () => {
      const f = flood(64 * 1024);
      expect(f.error?.code).toBe("line-too-long");
      expect(f.sent).toBe(64 * 1024);
      expect(f.maxBuffered).toBeLessThanOrEqual(4096 + 2);
      expect(f.after).toEqual({ replies: [], error: f.error });
    });

    it("errors on a 5 MB line in 100-byte chunks right after the cap, memory bounded", () => {
      const f = flood(100);
      expect(f.error?.code).toBe("line-too-long");
      expect(f.sent).toBe(4100);
      expect(f.maxBuffered).toBeLessThanOrEqual(4096 + 2);
    });

    it("errors as soon as small chunks cross the cap", () => {
      const p = new ReplyParser();
      const chunk = Buffer.alloc(1000, 0x41);
      const results = [1, 2, 3, 4].map(() => p.push(chunk));
      expect(results.map((r) => r.error)).toEqual([null, null, null, null]);
      expect(p.bufferedBytes()).toBe(4000);
      expect(p.push(chunk).error?.code).toBe("line-too-long");
      expect(p.bufferedBytes()).toBe(0);
    });

    it("honours custom limits", () => {
      const p = new ReplyParser({ lineBytes: 10, replyBytes: 100, replyLines: 5 });
      expect(p.push(Buffer.from("250 123456\r\n")).error).toBeNull();
      expect(p.push(Buffer.from("250 1234567\r\n")).error?.message).toContain("10 bytes");
    });
  });

  describe("reply cap", () => {
    it("accepts 200 lines and rejects 201", () => {
      const reply = (n: number) => `${"250-x\r\n".repeat(n - 1)}250 end\r\n`;
      const ok = new ReplyParser().push(Buffer.from(reply(200)));
      expect(ok.error).toBeNull();
      expect(ok.replies[0].lines).toHaveLength(200);
      const bad = new ReplyParser().push(Buffer.from(reply(201)));
      expect(bad.replies).toEqual([]);
      expect(bad.error).toEqual({ code: "reply-too-long", message: "server sent a reply with more than 200 lines" });
    });

    it("rejects a never-ending multi-line reply once it exceeds 200 lines", () => {
      const p = new ReplyParser();
      let result: ParseResult = { replies: [], error: null };
      let i = 0;
      while (!result.error && i < 10_000) result = p.push(Buffer.from(`250-line ${i++}\r\n`));
      expect(result.error?.code).toBe("reply-too-long");
      expect(i).toBe(201);
    });

    it("rejects a reply over replyBytes", () => {
      const line = `250-${"b".repeat(4000)}\r\n`;
      const text = `${line.repeat(17)}250 end\r\n`;
      const r = new ReplyParser().push(Buffer.from(text));
      expect(r.error).toEqual({ code: "reply-too-long", message: "server sent a reply longer than 65536 bytes" });
      expect(parseAll(bytewise(Buffer.from(text)))).toEqual(r);
    });
  });

  describe("malformed replies", () => {
    const bad = [
      "HTTP/1.1 400 Bad Request",
      "SSH-2.0-OpenSSH_9.6",
      "25 short code",
      "2500 four digits",
      "250x odd separator",
      "250\ttab separator",
      " 250 leading space",
      "",
    ];
    it.each(bad)("%j is malformed", (line) => {
      const r = new ReplyParser().push(Buffer.from(`${line}\r\n`));
      expect(r.error?.code).toBe("malformed-reply");
    });

    it("quotes a short, sanitized excerpt", () => {
      const r = new ReplyParser().push(Buffer.from(`\u001b[2J${"x".repeat(100)}\r\n`));
      expect(r.error?.message).toContain('"\\x1b[2Jxxx');
      expect(r.error?.message).toContain("…");
      expect(r.error?.message).not.toContain("\u001b");
      expect(r.error?.message.length).toBeLessThan(140);
    });

    it("rejects mixed codes inside one multi-line reply", () => {
      const r = new ReplyParser().push(Buffer.from("250-a\r\n251-b\r\n250 c\r\n"));
      expect(r.error?.code).toBe("malformed-reply");
      expect(r.error?.message).toContain("250 then 251");
      const final = new ReplyParser().push(Buffer.from("250-a\r\n550 c\r\n"));
      expect(final.error?.code).toBe("malformed-reply");
    });

    it("returns replies completed before the error, then stays failed", () => {
      const p = new ReplyParser();
      const r = p.push(Buffer.from("220 ok\r\ngarbage\r\n250 fine\r\n"));
      expect(r.replies.map((x) => x.code)).toEqual([220]);
      expect(r.error?.code).toBe("malformed-reply");
      const again = p.push(Buffer.from("250 fine\r\n"));
      expect(again).toEqual({ replies: [], error: r.error });
      expect(p.error()).toEqual(r.error);
      p.reset();
      expect(p.push(Buffer.from("250 fine\r\n")).error).toEqual(r.error);
    });
  });

  describe("bufferedBytes and reset", () => {
    it("counts partial lines and incomplete multi-line replies", () => {
      const p = new ReplyParser();
      expect(p.bufferedBytes()).toBe(0);
      p.push(Buffer.from("250-a\r\n250-b"));
      expect(p.bufferedBytes()).toBe(12);
      p.push(Buffer.from("\r\n250 c\r\n"));
      expect(p.bufferedBytes()).toBe(0);
    });

    it("drops plaintext injected after 220 to STARTTLS", () => {
      const p = new ReplyParser();
      const r = p.push(Buffer.from("220 2.0.0 Ready to start TLS\r\n250-injected\r\n250-more"));
      expect(r.replies.map((x) => x.code)).toEqual([220]);
      expect(p.bufferedBytes()).toBe(22);
      expect(p.reset()).toBe(22);
      expect(p.bufferedBytes()).toBe(0);
      expect(p.reset()).toBe(0);
      // The parser is usable afterwards and nothing of the injection leaks into the next reply.
      const after = p.push(Buffer.from("250 real\r\n"));
      expect(after.replies).toEqual([{ code: 250, enhanced: null, lines: ["real"], raw: "250 real\r\n" }]);
    });

    it("counts a complete injected reply as delivered, not buffered", () => {
      const p = new ReplyParser();
      const r = p.push(Buffer.from("220 Ready\r\n250 injected\r\n"));
      expect(r.replies).toHaveLength(2);
      expect(p.bufferedBytes()).toBe(0);
    });
  });

  it("exports the documented defaults", () => {
    expect(DEFAULT_REPLY_LIMITS).toEqual({ lineBytes: 4096, replyBytes: 65536, replyLines: 200 });
  });
});
