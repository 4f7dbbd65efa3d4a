// Security headers for every response, built here (free of Next) so unit tests can read them and
// proxy.ts stays glue. Pages get a strict Content-Security-Policy with a fresh nonce per request:
// Next reads the nonce back from the request's CSP header and puts it on its own scripts.

export type HeaderSet = Record<string, string>;

/** What kind of response the headers are for: an HTML page, or an API/JSON answer. */
export type ResponseKind = "page" | "api";

export interface PolicyOptions {
  nonce: string;
  /** Served over HTTPS (directly or through a proxy that said so). */
  https: boolean;
  /** `next dev`: React's dev tools need eval and the error overlay inline styles. */
  dev?: boolean;
}

/** 128 random bits, base64: unguessable and valid in a CSP nonce-source. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The page policy. script-src: only scripts carrying this request's nonce run, and with
 * 'strict-dynamic' the chunks they load (Next's runtime) may run too; no 'unsafe-inline', so text
 * a mail server sent can never become a script even if some future code rendered it as HTML.
 * style-src: Tailwind and next/font compile to files served from 'self'; the only inline styles
 * are the ones Next itself emits, and those get the nonce. In development the error overlay
 * injects styles without a nonce, so dev alone allows 'unsafe-inline' styles.
 */
export function pageCsp({ nonce, https, dev = false }: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  // Only over HTTPS: on plain-HTTP labs the upgrade would point every asset at a dead port.
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** JSON and NDJSON need nothing: nothing may load, nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Powerful features the app never uses, switched off for it and anything it could embed. */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
].join(", ");

/** One year; browsers ignore the header on plain HTTP, so it is only sent over HTTPS. */
export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Headers for one response. Referrer-Policy is strict-origin-when-cross-origin rather than
 * no-referrer: permalinks never leave the site (cross-origin requests get the origin only), and
 * same-origin POSTs keep a real Origin header, which no-referrer would turn into "null".
 */
export function securityHeaders(kind: ResponseKind, opts: PolicyOptions): HeaderSet {
  const headers: HeaderSet = {
    "Content-Security-Policy": kind === "page" ? pageCsp(opts) : API_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (opts.https) headers["Strict-Transport-Security"] = HSTS;
  return headers;
}

/**
 * HTTPS when the request URL says so, or when the first proxy hop says it received HTTPS
 * (X-Forwarded-Proto). Trusting the header is harmless here: a forged value only adds HSTS,
 * which browsers ignore on plain HTTP, and upgrade-insecure-requests on an HTTP page.
 */
export function isHttps(url: string, forwardedProto: string | null): boolean {
  const first = forwardedProto?.split(",")[0]?.trim().toLowerCase();
  if (first) return first === "https";
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
}

/** Routes whose answers are data, not pages. */
export function responseKind(pathname: string): ResponseKind {
  return pathname === "/api" || pathname.startsWith("/api/") ? "api" : "page";
}

/** The nonce-source in a CSP header value, or null (what Next itself looks for). */
export function nonceFromCsp(csp: string | null): string | null {
  return csp ? (/'nonce-([^']+)'/.exec(csp)?.[1] ?? null) : null;
}

/**
 * JSON for an inline <script type="application/ld+json">: "<" (and ">", "&") as \u escapes, so
 * no string inside can close the element or open a comment, plus U+2028/2029 for old parsers.
 * JSON.parse reads the escapes back as the same characters.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
