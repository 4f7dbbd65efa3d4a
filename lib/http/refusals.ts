// The friendly words and the HTTP answer for a request the limits turn away. The page shows
// `error` as it is, so each message says when to try again (the same time as Retry-After).
import { formatSeconds } from "../ui/format";
import type { Refusal } from "./probe-hub";

const wait = (seconds: number) => formatSeconds(Math.max(1, seconds));

export function tooManyAtOnce(limit: number, retryAfterSeconds: number): Refusal {
  return {
    status: 429,
    retryAfterSeconds,
    error: `You already have ${limit} ${limit === 1 ? "test" : "tests"} running. Wait for one to finish, then try again (in about ${wait(retryAfterSeconds)}).`,
  };
}

export function tooManyInWindow(limit: number, windowSeconds: number, retryAfterSeconds: number): Refusal {
  return {
    status: 429,
    retryAfterSeconds,
    error: `You have started ${limit} ${limit === 1 ? "test" : "tests"} in the last ${wait(windowSeconds)}, the most mailprobe allows. Please try again in ${wait(retryAfterSeconds)}.`,
  };
}

export function testedJustNow(target: string, ageSeconds: number, retryAfterSeconds: number): Refusal {
  return {
    status: 429,
    retryAfterSeconds,
    error: `${target} was tested ${wait(ageSeconds)} ago. To spare its mail server, it can be tested again in ${wait(retryAfterSeconds)}.`,
  };
}

export function busy(retryAfterSeconds: number): Refusal {
  return {
    status: 503,
    retryAfterSeconds,
    error: `mailprobe is running as many tests as it can right now. Please try again in ${wait(retryAfterSeconds)}.`,
  };
}

export function refusalResponse(refusal: Refusal): Response {
  return Response.json(
    { error: refusal.error, retryAfterSeconds: refusal.retryAfterSeconds },
    {
      status: refusal.status,
      headers: { "Retry-After": String(refusal.retryAfterSeconds), "Cache-Control": "no-store" },
    },
  );
}
