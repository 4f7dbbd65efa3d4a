// Browser-side NDJSON reader: yields one parsed value per line of a streaming fetch Response.
// Lines may be split across chunks (and a multi-byte character across two chunks); the last
// line may lack its newline. Blank lines are ignored. Breaking out of the loop cancels the
// underlying stream so the request closes.

export class NdjsonParseError extends Error {
  readonly line: string;
  readonly lineNumber: number;

  constructor(line: string, lineNumber: number, cause: unknown) {
    super(`Line ${lineNumber} of the response is not valid JSON`);
    this.name = "NdjsonParseError";
    this.line = line;
    this.lineNumber = lineNumber;
    this.cause = cause;
  }
}

type ByteSource = Response | ReadableStream<Uint8Array>;

export async function* readNdjson<T = unknown>(source: ByteSource): AsyncGenerator<T, void, undefined> {
  const body = source instanceof Response ? source.body : source;
  if (!body) return;

  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  let buffer = "";
  let lineNumber = 0;
  let finished = false;

  const parse = (raw: string): { ok: true; value: T } | { ok: false } => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    lineNumber += 1;
    if (line.trim() === "") return { ok: false };
    try {
      return { ok: true, value: JSON.parse(line) as T };
    } catch (err) {
      throw new NdjsonParseError(line, lineNumber, err);
    }
  };

  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        buffer += decoder.decode();
        break;
      }
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.indexOf("\n");
      while (newline !== -1) {
        const raw = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const parsed = parse(raw);
        if (parsed.ok) yield parsed.value;
        newline = buffer.indexOf("\n");
      }
    }
    if (buffer.length > 0) {
      const parsed = parse(buffer);
      buffer = "";
      if (parsed.ok) yield parsed.value;
    }
  } finally {
    if (!finished) {
      // The consumer stopped early (break, throw, abort): close the stream.
      await reader.cancel().catch(() => undefined);
    }
    reader.releaseLock();
  }
}
