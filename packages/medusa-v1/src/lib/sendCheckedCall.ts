import { prepareCall, type DeliveryOutcome, type Destination, type SegmentCall } from "@trackmap/core";

/** A hand-written call's fate: delivered or failed as the destination says, or never sent because invalid. */
export type SendOutcome = DeliveryOutcome | { status: "invalid"; problems: string[] };

/**
 * Sends a call written by hand (segmentService.track, identify, ...) with the same redaction
 * and checks as mapped calls, and resolves when the destination settles it. It never rejects:
 * medusa-plugin-segment's callers do not await or catch these calls, and a rejection would end
 * the process as an unhandled one. Problems are reported to `report` instead.
 */
export async function sendCheckedCall(
  destination: Destination,
  call: Record<string, unknown> & { type: string },
  redact: readonly string[],
  report: (message: string) => void,
): Promise<SendOutcome> {
  const caller = `segmentService.${call.type}${typeof call.event === "string" ? ` "${call.event}"` : ""}`;
  // v1 code hands in entities (Dates, as 1.3.8's examples pass `order.created_at`; BigInt ids;
  // back-references): prepareCall makes them plain.
  const result = prepareCall(call, { redact });
  if (!result.ok) {
    report(`${caller}: not sent, ${result.problems.join("; ")}`);
    return { status: "invalid", problems: result.problems };
  }
  try {
    const outcome = await destination.send(result.call as SegmentCall);
    if (outcome.status === "failed") report(`${caller}: ${outcome.error.message}`);
    return outcome;
  } catch (error) {
    // A destination must not throw; if one does, the caller still gets an outcome.
    const message = (error as Error)?.message ?? String(error);
    report(`${caller}: ${message}`);
    return { status: "failed", call: result.call as SegmentCall, error: { code: "delivery_failure", message } };
  }
}
