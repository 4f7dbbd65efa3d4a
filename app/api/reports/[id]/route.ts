import { isReportId } from "@/lib/probe/ids";
import { getReportStore } from "@/lib/reports";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  const report = isReportId(id) ? getReportStore().get(id) : null;
  if (!report) return Response.json({ error: "No report with this id." }, { status: 404 });
  return Response.json(report, {
    headers: { "Cache-Control": report.state === "running" ? "no-store" : "public, max-age=60" },
  });
}
