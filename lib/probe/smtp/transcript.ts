import type { TranscriptLine } from "../types";

/** Caps the transcript so a hostile server cannot grow it without bound. */
const MAX_LINES = 2000;

export class Transcript {
  readonly lines: TranscriptLine[] = [];
  private readonly t0 = performance.now();
  private dropped = 0;

  elapsed(): number {
    return Math.round(performance.now() - this.t0);
  }

  add(dir: TranscriptLine["dir"], text: string): void {
    if (this.lines.length >= MAX_LINES) {
      this.dropped++;
      return;
    }
    this.lines.push({ dir, text, atMs: this.elapsed() });
  }

  /** Server text arrives as one raw reply; store one transcript line per reply line. */
  addServer(raw: string): void {
    for (const line of raw.replace(/\r?\n$/, "").split(/\r?\n/)) this.add("S", line);
  }

  finish(): TranscriptLine[] {
    if (this.dropped > 0)
      this.lines.push({ dir: "I", text: `${this.dropped} further lines not kept`, atMs: this.elapsed() });
    return this.lines;
  }
}
