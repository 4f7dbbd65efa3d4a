import type { TranscriptLine } from "@/lib/probe/types";
import { formatOffset, transcriptDisplayLines } from "@/lib/ui/format";
import { CopyButton } from "./copy-button";

interface TranscriptProps {
  lines: TranscriptLine[];
}

const DIR_STYLE: Record<TranscriptLine["dir"], string> = {
  C: "text-accent",
  S: "text-fg",
  I: "text-subtle italic",
};

/** The transcript as plain text, one "+0.012s S: 220 …" line each (controls escaped). */
export function transcriptText(lines: TranscriptLine[]): string {
  return lines
    .flatMap((line) =>
      transcriptDisplayLines(line.text).map(
        (text, j) => `${j === 0 ? formatOffset(line.atMs) : ""}\t${line.dir}: ${text}`,
      ),
    )
    .join("\n");
}

/**
 * The SMTP conversation, one row per line: time since connect, C:/S:/I: and the text with every
 * control character shown escaped (\r, \x00…), never interpreted.
 */
export function Transcript({ lines }: TranscriptProps) {
  if (!lines.length) return <p className="text-sm text-muted">Nothing was exchanged.</p>;
  const rows: { key: string; at: string; dir: TranscriptLine["dir"]; text: string }[] = [];
  lines.forEach((line, i) => {
    transcriptDisplayLines(line.text).forEach((text, j) => {
      rows.push({ key: `${i}.${j}`, at: j === 0 ? formatOffset(line.atMs) : "", dir: line.dir, text });
    });
  });
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-muted">
          <span className="font-semibold text-accent">C:</span> mailprobe ·{" "}
          <span className="font-semibold text-fg">S:</span> the server · <span className="italic">I:</span> what
          happened in between
        </p>
        <CopyButton text={transcriptText(lines)} label="Copy transcript" testId="copy-transcript" />
      </div>
      <div
        className="max-h-[28rem] overflow-auto rounded-lg border border-line bg-code py-2 font-mono text-xs leading-5"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard
        tabIndex={0}
        data-testid="transcript"
      >
        <table className="w-full border-collapse">
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={`align-top ${DIR_STYLE[row.dir]}`} data-dir={row.dir}>
                <td className="select-none whitespace-nowrap pl-3 pr-3 text-right tabular-nums text-subtle not-italic">
                  {row.at}
                </td>
                <td className="select-none pr-2 font-semibold">{row.dir}:</td>
                <td className="w-full whitespace-pre-wrap break-all pr-3">{row.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
