// Thin glue: validate, then let the probe service decide (join, reuse, limits, new probe), and
// stream the events as NDJSON. The guard runs inside the engine; the recorder saves as it goes.
import { clientAddressFrom } from "@/lib/http/client-address";
import { NDJSON_HEADERS, ndjsonStream } from "@/lib/http/ndjson";
import { getProbeService } from "@/lib/http/probe-service-instance";
import { refusalResponse } from "@/lib/http/refusals";
import { describeIssues, probeRequestSchema } from "@/lib/probe/schema";
import { parseTarget } from "@/lib/probe/target";

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

  const { service, settings } = getProbeService();
  const opened = await service.open({
    input: parsed.data.target,
    target: target.target,
    ports: parsed.data.ports,
    relay: parsed.data.relay,
    fresh: parsed.data.fresh,
    client: clientAddressFrom(request.headers.get("x-forwarded-for"), settings.trustedProxies),
    // A closed tab fires this: the viewer leaves, and the probe stops when nobody else watches.
    signal: request.signal,
  });
  if (!opened.ok) return refusalResponse(opened.refusal);
  return new Response(ndjsonStream(opened.events), { headers: NDJSON_HEADERS });
}
