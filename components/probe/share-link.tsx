"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";

interface ShareLinkProps {
  /** Report id; the permalink is /r/<id>. */
  id: string;
  /** Shown before the link, e.g. "Permalink". */
  label?: string;
  className?: string;
}

const noopSubscribe = () => () => undefined;

/** The site origin on the client, "" during server rendering (so hydration matches). */
function useOrigin(): string {
  return useSyncExternalStore(
    noopSubscribe,
    () => window.location.origin,
    () => "",
  );
}

/** Permalink of a report with a copy button (Clipboard API, falling back to select + copy). */
export function ShareLink({ id, label = "Permalink", className = "" }: ShareLinkProps) {
  const origin = useOrigin();
  const path = `/r/${encodeURIComponent(id)}`;
  const url = `${origin}${path}`;
  const [feedback, setFeedback] = useState<"idle" | "copied" | "manual">("idle");
  const inputRef = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const flash = (state: "copied" | "manual") => {
    setFeedback(state);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setFeedback("idle"), state === "copied" ? 2000 : 5000);
  };

  const copy = async () => {
    const text = `${window.location.origin}${path}`;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        flash("copied");
        return;
      }
    } catch {
      // Permission denied or unsupported: try the fallback.
    }
    const input = inputRef.current;
    if (input) {
      input.focus();
      input.select();
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      flash(ok ? "copied" : "manual");
      return;
    }
    flash("manual");
  };

  return (
    <div
      className={`flex flex-col gap-2 rounded-xl border border-line bg-surface p-3 sm:flex-row sm:items-center ${className}`}
      data-testid="share-link"
    >
      <div className="flex min-w-0 flex-1 items-center gap-2">
        <span className="shrink-0 text-xs font-semibold uppercase tracking-wide text-muted">{label}</span>
        <a
          href={path}
          className="min-w-0 truncate font-mono text-sm text-accent hover:underline"
          data-testid="permalink"
          title="Open this report's permanent page"
        >
          {url}
        </a>
        {/* Selectable copy of the URL for the fallback path; visually hidden but focusable. */}
        <label className="sr-only" htmlFor={`permalink-${id}`}>
          Report link
        </label>
        <input
          ref={inputRef}
          id={`permalink-${id}`}
          readOnly
          value={url}
          className="sr-only"
          tabIndex={-1}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <div className="flex items-center justify-end gap-2">
        <span
          className={feedback === "copied" ? "sr-only" : "text-xs text-muted"}
          aria-live="polite"
          data-testid="copy-feedback"
        >
          {feedback === "copied" ? "Link copied" : feedback === "manual" ? "Press Ctrl+C (⌘C) to copy" : ""}
        </span>
        <button
          type="button"
          onClick={copy}
          className="inline-flex items-center gap-1.5 rounded-lg border border-line-strong bg-surface px-3 py-1.5 text-sm font-medium text-fg shadow-sm hover:bg-surface-2"
          data-testid="copy-link"
        >
          {feedback === "copied" ? (
            <svg className="size-4 text-pass" viewBox="0 0 20 20" fill="none" aria-hidden focusable={false}>
              <path
                d="M5 10.5l3.2 3.2L15 6.5"
                stroke="currentColor"
                strokeWidth="1.9"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
          ) : (
            <svg className="size-4" viewBox="0 0 20 20" fill="none" aria-hidden focusable={false}>
              <rect x="7" y="7" width="9.5" height="9.5" rx="2" stroke="currentColor" strokeWidth="1.6" />
              <path
                d="M13 4.5A1.5 1.5 0 0 0 11.5 3.5h-6A2 2 0 0 0 3.5 5.5v6A1.5 1.5 0 0 0 4.5 13"
                stroke="currentColor"
                strokeWidth="1.6"
                strokeLinecap="round"
              />
            </svg>
          )}
          {feedback === "copied" ? "Copied" : "Copy link"}
        </button>
      </div>
    </div>
  );
}
