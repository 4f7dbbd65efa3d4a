/** The mailprobe mark: an envelope whose flap doubles as a signal trace. */
export function LogoMark({ className = "size-7" }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 32 32" fill="none" aria-hidden focusable={false}>
      <rect x="1" y="1" width="30" height="30" rx="8" fill="var(--ink)" />
      <rect x="7" y="9.5" width="18" height="13" rx="2.2" stroke="var(--ink-fg)" strokeWidth="1.8" />
      <path
        d="M7.8 10.6l5.6 4.9 2.6-2.6 2.6 2.6 5.6-4.9"
        stroke="var(--ink-fg)"
        strokeWidth="1.8"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}
