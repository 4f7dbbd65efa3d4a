"use client";

import Link from "next/link";
import { useEffect } from "react";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest =
    error instanceof Error && "digest" in error ? String((error as Error & { digest?: string }).digest ?? "") : "";

  return (
    <div
      className="mx-auto flex max-w-xl flex-col items-start px-4 py-20 sm:px-6"
      role="alert"
      data-testid="error-page"
    >
      <p className="font-mono text-sm text-subtle">Error</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Something went wrong on our side</h1>
      <p className="mt-3 text-muted">
        This page could not be shown. Your mail server is not the cause. Try again; if it keeps happening, run the test
        again from the start.
      </p>
      {digest && <p className="mt-2 font-mono text-xs text-subtle">Reference: {digest}</p>}
      <div className="mt-6 flex gap-3">
        <button
          type="button"
          onClick={() => retry()}
          className="inline-flex items-center rounded-lg bg-ink px-4 py-2 text-sm font-semibold text-ink-fg hover:opacity-90"
        >
          Try again
        </button>
        <Link
          href="/"
          className="inline-flex items-center rounded-lg border border-line-strong px-4 py-2 text-sm font-medium text-fg hover:bg-surface-2"
        >
          Home
        </Link>
      </div>
    </div>
  );
}
