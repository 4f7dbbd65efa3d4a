import type { Metadata } from "next";
import Link from "next/link";
import { Faq } from "@/components/faq/faq";
import { FAQ } from "@/lib/ui/faq-content";

export const metadata: Metadata = {
  title: "FAQ",
  description:
    "STARTTLS, ports 25/587/465, open relays, certificate chains and name mismatches, null MX, timeouts and what mailprobe stores: answers for mail administrators.",
};

export default function FaqPage() {
  return (
    <div className="mx-auto max-w-5xl px-4 py-10 sm:px-6 sm:py-14">
      <h1 className="text-3xl font-semibold tracking-tight">Frequently asked questions</h1>
      <p className="mt-3 max-w-2xl text-muted">
        What the checks mean, why a result came out the way it did, and how to fix the usual problems.{" "}
        <Link href="/" className="font-medium text-accent hover:underline">
          Run a test
        </Link>
        .
      </p>
      <nav aria-label="Questions" className="mt-8">
        <ul className="gap-x-8 text-sm sm:columns-2">
          {FAQ.map((item) => (
            <li key={item.id} className="break-inside-avoid py-0.5">
              <a href={`#${item.id}`} className="text-muted hover:text-accent hover:underline">
                {item.question}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="mt-8">
        <Faq items={FAQ} />
      </div>
    </div>
  );
}
