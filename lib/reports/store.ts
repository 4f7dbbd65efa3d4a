import type { Report } from "../probe/types";

/** Where reports live. SQLite by default; a shared store can implement the same interface. */
export interface ReportStore {
  /** Insert or replace the whole report. */
  save(report: Report): void;
  get(id: string): Report | null;
}
