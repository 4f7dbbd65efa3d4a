import type { Status } from "@/lib/probe/types";

interface StatusIconProps {
  status: Status;
  className?: string;
}

/** The inner shapes: a distinct outline per status, so shape alone tells them apart. */
function shapes(status: Status) {
  switch (status) {
    case "pass":
      return (
        <>
          <circle cx="10" cy="10" r="8" />
          <path d="M6.5 10.2l2.4 2.4 4.6-5" />
        </>
      );
    case "info":
      return (
        <>
          <circle cx="10" cy="10" r="8" />
          <path d="M10 9v5" />
          <path d="M10 6.2v.1" strokeWidth={2.4} />
        </>
      );
    case "warn":
      return (
        <>
          <path d="M10 2.8l7.6 13.4H2.4z" />
          <path d="M10 8v3.8" />
          <path d="M10 14.1v.1" strokeWidth={2.4} />
        </>
      );
    case "fail":
      return (
        <>
          <circle cx="10" cy="10" r="8" />
          <path d="M7.2 7.2l5.6 5.6M12.8 7.2l-5.6 5.6" />
        </>
      );
    case "inconclusive":
      return (
        <>
          <circle cx="10" cy="10" r="8" />
          <path d="M7.8 7.9a2.3 2.3 0 1 1 3.2 2.1c-.6.3-1 .8-1 1.4v.4" />
          <path d="M10 14.3v.1" strokeWidth={2.4} />
        </>
      );
    case "skipped":
      return (
        <>
          <circle cx="10" cy="10" r="8" strokeDasharray="3 2.4" />
          <path d="M6.8 10h6.4" />
        </>
      );
  }
}

/** Decorative status icon (circle-check, circle-i, triangle, circle-x, circle-?, dashed circle). Always paired with a word. */
export function StatusIcon({ status, className = "size-4" }: StatusIconProps) {
  return (
    <svg
      className={className}
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {shapes(status)}
    </svg>
  );
}

/** Small indeterminate spinner for running steps. */
export function Spinner({ className = "size-4" }: { className?: string }) {
  return (
    <svg className={`${className} animate-spin`} viewBox="0 0 20 20" fill="none" aria-hidden="true" focusable="false">
      <circle cx="10" cy="10" r="7.5" stroke="currentColor" strokeOpacity="0.2" strokeWidth="2.2" />
      <path d="M17.5 10A7.5 7.5 0 0 0 10 2.5" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}
