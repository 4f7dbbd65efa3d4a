// Thin glue: validate, guard (inside the engine), stream NDJSON, save as it goes.
import { NDJSON_HEADERS, ndjsonStream } from "@/lib/http/ndjson";
import { engineSettingsFromEnv } from "@/lib/probe/engine-from-env";
import { newReportId } from "@/lib/probe/ids";
import { runProbe } from "@/lib/probe/run-probe";
import { describeIssues, probeRequestSchema } from "@/lib/probe/schema";
import { parseTarget } from "@/lib/probe/target";
import { getReportStore } from "@/lib/reports";
import { recordEvents } from "@/lib/reports/recorder";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const badRequest = (error: string) => Response.json({ error }, { status: 400 });

export async function POST(request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return badRequest("The request body must be JSON: { target, ports?, relay? }.");
  }
  const parsed = probeRequestSchema.safeParse(body);
  if (!parsed.success) return badRequest(describeIssues(parsed.error));
  const target = parseTarget(parsed.data.target);
  if (!target.ok) return badRequest(target.message);

  const id = newReportId();
  const abort = new AbortController();
  const events = runProbe({
    ...engineSettingsFromEnv(),
    request: parsed.data,
    id,
    signal: abort.signal,
  });
  const recorded = recordEvents(events, getReportStore(), { id, target: parsed.data.target });
  // A closed tab aborts the request: end the probe and its connections, and close the stored
  // report even though nobody reads the stream any more.
  request.signal.addEventListener(
    "abort",
    () => {
      abort.abort();
      void recorded.return(undefined);
    },
    { once: true },
  );
  return new Response(
    ndjsonStream(recorded, () => abort.abort()),
    { headers: NDJSON_HEADERS },
  );
}
