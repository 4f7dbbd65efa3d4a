import Link from "next/link";
import { Faq } from "@/components/faq/faq";
import { ProbeForm } from "@/components/probe/probe-form";
import { FEATURED_FAQ } from "@/lib/ui/faq-content";

const STEPS: { title: string; body: string }[] = [
  {
    title: "DNS and MX",
    body: "Finds the mail servers for the domain in its MX records, in preference order, and every IPv4 and IPv6 address they resolve to.",
  },
  {
    title: "Reachability",
    body: "Connects to each address on each port you chose, and tells a refused connection from one silently dropped by a firewall.",
  },
  {
    title: "Greeting and EHLO",
    body: "Waits for the 220 greeting as patiently as a real sender, then reads the capabilities the server announces.",
  },
  {
    title: "STARTTLS and TLS",
    body: "Upgrades the connection (or starts in TLS on 465) and records the protocol version, cipher and key exchange.",
  },
  {
    title: "Certificate",
    body: "Checks that the chain leads to a trusted root, covers the MX host name and is within its validity dates.",
  },
  {
    title: "Open relay",
    body: "Asks the server to accept mail between two outside domains and expects a refusal. MAIL FROM and RCPT TO only; never a message.",
  },
];

export default function HomePage() {
  return (
    <div className="mx-auto max-w-5xl px-4 sm:px-6">
      <section className="pb-10 pt-10 sm:pt-14" aria-labelledby="hero-title">
        <p className="text-xs font-semibold uppercase tracking-[0.14em] text-accent">
          SMTP · STARTTLS · certificates · open relay
        </p>
        <h1
          id="hero-title"
          className="mt-3 max-w-3xl text-3xl font-semibold tracking-tight text-fg sm:text-[2.625rem] sm:leading-[1.15]"
        >
          See how your mail server looks to the rest of the internet
        </h1>
        <p className="mt-4 max-w-2xl text-base leading-relaxed text-muted sm:text-lg">
          We connect the way other mail servers do and show every step as it happens. Each warning comes with what it
          means and how to fix it, and each result gets a link you can share.
        </p>
        <div className="mt-8">
          <ProbeForm />
        </div>
      </section>

      <section className="border-t border-line py-12" aria-labelledby="steps-title">
        <h2 id="steps-title" className="text-xl font-semibold tracking-tight">
          What the test checks
        </h2>
        <ol className="mt-6 grid gap-x-8 gap-y-6 sm:grid-cols-2 lg:grid-cols-3">
          {STEPS.map((step, i) => (
            <li key={step.title} className="flex gap-3">
              <span
                className="flex size-7 shrink-0 items-center justify-center rounded-full border border-line-strong text-xs font-semibold tabular-nums text-muted"
                aria-hidden
              >
                {i + 1}
              </span>
              <div>
                <h3 className="font-medium text-fg">{step.title}</h3>
                <p className="mt-1 text-sm leading-relaxed text-muted">{step.body}</p>
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section className="border-t border-line py-12" aria-labelledby="faq-title">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="faq-title" className="text-xl font-semibold tracking-tight">
            Questions mail admins ask
          </h2>
          <Link href="/faq" className="text-sm font-medium text-accent hover:underline">
            All questions →
          </Link>
        </div>
        <div className="mt-6">
          <Faq items={FEATURED_FAQ} />
        </div>
      </section>
    </div>
  );
}
