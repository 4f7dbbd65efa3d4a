// The embedded default store: one SQLite file, one row per report (the report JSON).
// Reports are written as a probe goes, so a permalink opened mid-probe shows progress.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Report } from "../probe/types";
import type { ReportStore } from "./store";

export class SqliteReportStore implements ReportStore {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement<[string, string, string, string]>;
  private readonly select: Database.Statement<[string], { json: string }>;

  constructor(file: string) {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    // WAL lets the permalink page read while a probe writes.
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(`CREATE TABLE IF NOT EXISTS reports (
      id TEXT PRIMARY KEY,
      created_at TEXT NOT NULL,
      state TEXT NOT NULL,
      json TEXT NOT NULL
    )`);
    this.upsert = this.db.prepare(
      `INSERT INTO reports (id, created_at, state, json) VALUES (?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, json = excluded.json`,
    );
    this.select = this.db.prepare("SELECT json FROM reports WHERE id = ?");
  }

  save(report: Report): void {
    this.upsert.run(report.id, report.createdAt, report.state, JSON.stringify(report));
  }

  get(id: string): Report | null {
    const row = this.select.get(id);
    return row ? (JSON.parse(row.json) as Report) : null;
  }

  close(): void {
    this.db.close();
  }
}
