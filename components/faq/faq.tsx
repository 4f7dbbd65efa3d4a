import { headers } from "next/headers";
import { Chevron } from "@/components/ui/chevron";
import { scriptSafeJson } from "@/lib/security/headers";
import { answerText, type FaqBlock, type FaqItem } from "@/lib/ui/faq-content";
import { FaqHashOpener } from "./faq-hash-opener";

interface FaqProps {
  items: FaqItem[];
  /** Emit schema.org FAQPage JSON-LD for these items (default true). */
  structuredData?: boolean;
  /** Open every answer (useful for print); default closed. */
  open?: boolean;
}

function Block({ block }: { block: FaqBlock }) {
  if (typeof block === "string") return <p>{block}</p>;
  if ("list" in block) {
    return (
      <ul className="list-disc space-y-1.5 pl-5 marker:text-subtle">
        {block.list.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    );
  }
  return (
    <pre className="overflow-x-auto rounded-lg border border-line bg-code px-3 py-2 font-mono text-[0.8125rem] leading-relaxed text-fg">
      <code>{block.code}</code>
    </pre>
  );
}

function blockKey(block: FaqBlock): string {
  if (typeof block === "string") return block;
  return "list" in block ? block.list.join("|") : block.code;
}

function jsonLd(items: FaqItem[]): string {
  const data = {
    "@context": "https://schema.org",
    "@type": "FAQPage",
    mainEntity: items.map((item) => ({
      "@type": "Question",
      name: item.question,
      acceptedAnswer: { "@type": "Answer", text: answerText(item) },
    })),
  };
  return scriptSafeJson(data);
}

/** Questions as native disclosures (keyboard and screen-reader friendly without JS). */
export async function Faq({ items, structuredData = true, open = false }: FaqProps) {
  // The per-request CSP nonce from proxy.ts. A JSON-LD block never executes, so CSP would not
  // block it anyway; the nonce keeps it explicitly allowed under any policy.
  const nonce = structuredData ? ((await headers()).get("x-nonce") ?? undefined) : undefined;
  return (
    <div data-testid="faq">
      <FaqHashOpener />
      {structuredData && (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: the only use in the app: our own FAQ text, "<" escaped.
        <script type="application/ld+json" nonce={nonce} dangerouslySetInnerHTML={{ __html: jsonLd(items) }} />
      )}
      <div className="divide-y divide-line overflow-hidden rounded-xl border border-line bg-surface">
        {items.map((item) => (
          <details
            key={item.id}
            id={item.id}
            className="group scroll-mt-24"
            open={open || undefined}
            data-testid={`faq-${item.id}`}
          >
            <summary className="plain flex items-start gap-3 px-4 py-3.5 hover:bg-surface-2/60 sm:px-5">
              <h3 className="flex-1 text-[0.9375rem] font-medium leading-6 text-fg">{item.question}</h3>
              <Chevron className="mt-1" />
            </summary>
            <div className="max-w-3xl space-y-3 px-4 pb-5 text-sm leading-relaxed text-fg/80 sm:px-5">
              {item.answer.map((block) => (
                <Block key={blockKey(block)} block={block} />
              ))}
            </div>
          </details>
        ))}
      </div>
    </div>
  );
}
