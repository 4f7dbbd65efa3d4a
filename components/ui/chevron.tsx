/** The disclosure arrow of every <details> summary; the "chevron" class rotates it when open. */
export function Chevron({ className = "" }: { className?: string }) {
  return (
    <svg
      className={`chevron size-4 shrink-0 text-subtle ${className}`}
      viewBox="0 0 20 20"
      fill="none"
      aria-hidden
      focusable={false}
    >
      <path d="M7.5 5l5 5-5 5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
