import { SqliteReportStore } from "./sqlite-store";
import type { ReportStore } from "./store";

export type { ReportStore } from "./store";

// One store per process; survives Next's module re-evaluation in dev through globalThis.
const holder = globalThis as unknown as { __mailprobeStore?: ReportStore };

export function getReportStore(): ReportStore {
  holder.__mailprobeStore ??= new SqliteReportStore(process.env.MAILPROBE_DB || "./data/mailprobe.db");
  return holder.__mailprobeStore;
}
