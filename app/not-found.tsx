import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = {
  title: "Not found",
  robots: { index: false },
};

export default function NotFound() {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-start px-4 py-20 sm:px-6" data-testid="not-found">
      <p className="font-mono text-sm text-subtle">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">No report with this id</h1>
      <p className="mt-3 text-muted">
        Nothing is stored under this address. Check that the link was copied in full: report links end in a 22-character
        id.
      </p>
      <Link
        href="/"
        className="mt-6 inline-flex items-center rounded-lg bg-ink px-4 py-2 text-sm font-semibold text-ink-fg hover:opacity-90"
      >
        Run a new test
      </Link>
    </div>
  );
}
