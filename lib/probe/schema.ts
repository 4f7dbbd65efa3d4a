// The probe request, validated the same way by the API and the form (isomorphic: no node imports).
import { z } from "zod";
import { PORTS } from "./types";

export const probeRequestSchema = z.object({
  target: z
    .string({ error: "Type a domain, host name, IP address or email address." })
    .trim()
    .min(1, { error: "Type a domain, host name, IP address or email address." })
    .max(320, { error: "That is too long for a domain or email address (320 characters at most)." }),
  ports: z
    .array(z.literal(PORTS, { error: "Ports can only be 25, 465 or 587." }))
    .min(1, { error: "Choose at least one port." })
    .max(3)
    .default([25]),
  relay: z.boolean({ error: "relay must be true or false." }).default(true),
  /** Probe again instead of showing a report finished moments ago (still subject to the limits). */
  fresh: z.boolean({ error: "fresh must be true or false." }).default(false),
});

export type ProbeRequestInput = z.input<typeof probeRequestSchema>;

/** One readable sentence from a zod error, for a 400 body and the form. */
export function describeIssues(error: z.ZodError): string {
  return [...new Set(error.issues.map((i) => i.message))].join(" ");
}
