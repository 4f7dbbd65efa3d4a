import { randomBytes } from "node:crypto";

/** 128 random bits, URL-safe: 22 characters of base64url. Unguessable, so a permalink is private-by-obscurity. */
export function newReportId(): string {
  return randomBytes(16).toString("base64url");
}

export const REPORT_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function isReportId(value: string): boolean {
  return REPORT_ID_PATTERN.test(value);
}
