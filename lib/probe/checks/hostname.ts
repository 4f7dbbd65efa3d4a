// Certificate name matching with the semantics of Node's tls.checkServerIdentity (RFC 6125):
// DNS SANs when present, else the subject CN; a wildcard stands for part or all of the
// left-most label only, never for a bare public suffix ("*.com") and never for A-labels.
// Reimplemented here so checks stay free of node: imports and can run anywhere.

function normalize(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

// Names outside printable ASCII (U-labels, blanks, controls) never match.
const PRINTABLE = /^[\x21-\x7e]+$/;

function labelsMatch(hostLabels: string[], pattern: string): boolean {
  const labels = normalize(pattern).split(".");
  if (labels.length !== hostLabels.length || labels.some((l) => l === "" || !PRINTABLE.test(l))) {
    return false;
  }
  for (let i = labels.length - 1; i > 0; i--) if (labels[i] !== hostLabels[i]) return false;
  const [first] = labels;
  const host = hostLabels[0];
  const parts = first.split("*");
  if (parts.length === 1 || first.startsWith("xn--")) return first === host;
  if (parts.length > 2 || labels.length < 3) return false;
  const [prefix, suffix] = parts;
  return host.length >= prefix.length + suffix.length && host.startsWith(prefix) && host.endsWith(suffix);
}

/** The certificate name that matches `host`, or null. */
export function matchCertName(host: string, sans: string[], subjectCN: string | null): string | null {
  const hostLabels = normalize(host).split(".");
  if (hostLabels.some((l) => l === "")) return null;
  const names = sans.length > 0 ? sans : subjectCN ? [subjectCN] : [];
  return names.find((name) => labelsMatch(hostLabels, name)) ?? null;
}
