// Next 16 "proxy" (formerly middleware): security headers on every page and API answer, and a
// fresh CSP nonce per page request. Next reads the nonce from the request's
// Content-Security-Policy header and stamps it on its own scripts; x-nonce hands it to server
// components (the FAQ's JSON-LD). Pages must render per request for this: see app/layout.tsx.
import { type NextRequest, NextResponse } from "next/server";
import { isHttps, newNonce, responseKind, securityHeaders } from "@/lib/security/headers";

export function proxy(request: NextRequest): NextResponse {
  const kind = responseKind(request.nextUrl.pathname);
  const nonce = newNonce();
  const headers = securityHeaders(kind, {
    nonce,
    https: isHttps(request.url, request.headers.get("x-forwarded-proto")),
    dev: process.env.NODE_ENV === "development",
  });

  let response: NextResponse;
  if (kind === "page") {
    const forwarded = new Headers(request.headers);
    forwarded.set("x-nonce", nonce);
    forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]);
    response = NextResponse.next({ request: { headers: forwarded } });
  } else {
    // API requests pass through untouched (the body streams; the route reads its own headers).
    response = NextResponse.next();
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but Next's hashed build assets and image optimiser, which carry no markup.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
