import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { LogoMark } from "@/components/ui/logo";
import "./globals.css";

// Self-hosted (no network at build time): Inter's variable Latin subset from @fontsource.
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  weight: "100 900",
  style: "normal",
  display: "swap",
  variable: "--font-inter",
});

export const metadata: Metadata = {
  title: {
    default: "mailprobe — test your mail server: SMTP, STARTTLS, certificate, open relay",
    template: "%s — mailprobe",
  },
  description:
    "Check in seconds whether your mail server is reachable on ports 25, 587 and 465, greets correctly, offers STARTTLS, presents a valid certificate and refuses to relay. Every finding explains itself.",
  applicationName: "mailprobe",
  formatDetection: { telephone: false, email: false, address: false },
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f7f9" },
    { media: "(prefers-color-scheme: dark)", color: "#0b0f16" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render every page per request: each response carries a fresh CSP nonce (proxy.ts) that Next
  // stamps on its scripts, and a page prerendered at build time would have none and never hydrate.
  await connection();
  return (
    <html lang="en" className={inter.variable}>
      <body className="flex min-h-dvh flex-col font-sans">
        <a
          href="#main"
          className="sr-only z-50 rounded-lg bg-ink px-4 py-2 text-sm font-medium text-ink-fg focus:not-sr-only focus:fixed focus:left-4 focus:top-4"
        >
          Skip to main content
        </a>
        <header className="border-b border-line bg-surface/80 backdrop-blur supports-[backdrop-filter]:bg-surface/70">
          <div className="mx-auto flex h-14 max-w-5xl items-center justify-between gap-4 px-4 sm:px-6">
            <Link
              href="/"
              className="flex items-center gap-2 font-semibold tracking-tight text-fg"
              aria-label="mailprobe home"
            >
              <LogoMark />
              <span className="text-[1.0625rem]">mailprobe</span>
            </Link>
            <nav aria-label="Main">
              <ul className="flex items-center gap-1 text-sm">
                <li>
                  <Link href="/" className="rounded-md px-3 py-1.5 text-muted hover:bg-surface-2 hover:text-fg">
                    Test a server
                  </Link>
                </li>
                <li>
                  <Link href="/faq" className="rounded-md px-3 py-1.5 text-muted hover:bg-surface-2 hover:text-fg">
                    FAQ
                  </Link>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
          {children}
        </main>
        <footer className="border-t border-line">
          <div className="mx-auto flex max-w-5xl flex-col gap-2 px-4 py-6 text-xs text-muted sm:flex-row sm:items-center sm:justify-between sm:px-6">
            <p>mailprobe tests SMTP reachability, STARTTLS, certificates and relaying. It never sends a message.</p>
            <p>
              <Link href="/faq" className="hover:text-fg hover:underline">
                FAQ
              </Link>
              <span aria-hidden> · </span>
              <Link href="/faq#privacy" className="hover:text-fg hover:underline">
                What we store
              </Link>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
