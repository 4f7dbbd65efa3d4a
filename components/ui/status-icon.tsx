import type { Status } from "@/lib/probe/types";

interface StatusIconProps {
  status: Status;
  className?: string;
}

/** A distinct shape per status (circle-check, circle-i, triangle, circle-x, circle-?, circle-dash). */
export function StatusIcon({ status, className = "size-4" }: StatusIconProps) {
  const common = {
    className,
    viewBox: "0 0 20 20",
    fill: "none",
    stroke: "currentColor",
    strokeWidth: 1.8,
    strokeLinecap: "round" as const,
    strokeLinejoin: "round" as const,
    "aria-hidden": true,
    focusable: false,
  };
  switch (status) {
    case "pass":
      return (
        <svg {...common}>
          <circle cx="10" cy="10" r="8" />
          <path d="M6.5 10.2l2.4 2.4 4.6-5" />
        </svg>
      );
    case "info":
      return (
        <svg {...common}>
          <circle cx="10" cy="10" r="8" />
          <path d="M10 9v5" />
          <path d="M10 6.2v.1" strokeWidth={2.4} />
        </svg>
      );
    case "warn":
      return (
        <svg {...common}>
          <path d="M10 2.8l7.6 13.4H2.4z" />
          <path d="M10 8v3.8" />
          <path d="M10 14.1v.1" strokeWidth={2.4} />
        </svg>
      );
    case "fail":
      return (
        <svg {...common}>
          <circle cx="10" cy="10" r="8" />
          <path d="M7.2 7.2l5.6 5.6M12.8 7.2l-5.6 5.6" />
        </svg>
      );
    case "inconclusive":
      return (
        <svg {...common}>
          <circle cx="10" cy="10" r="8" />
          <path d="M7.8 7.9a2.3 2.3 0 1 1 3.2 2.1c-.6.3-1 .8-1 1.4v.4" />
          <path d="M10 14.3v.1" strokeWidth={2.4} />
        </svg>
      );
    case "skipped":
      return (
        <svg {...common}>
          <circle cx="10" cy="10" r="8" strokeDasharray="3 2.4" />
          <path d="M6.8 10h6.4" />
        </svg>
      );
  }
}

/** Small indeterminate spinner for running steps. */
export function Spinner({ className = "size-4" }: { className?: string }) {
  return (
    <svg className={`${className} animate-spin`} viewBox="0 0 20 20" fill="none" aria-hidden focusable={false}>
      <circle cx="10" cy="10" r="7.5" stroke="currentColor" strokeOpacity="0.2" strokeWidth="2.2" />
      <path d="M17.5 10A7.5 7.5 0 0 0 10 2.5" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}
