import { prepareCall, TrackmapError, type DeliveryOutcome, type Destination, type JsonObject } from "@trackmap/core";

/**
 * Sends a call written by hand (segmentService, the Analytics Module provider) with the same
 * redaction and checks as mapped calls. Rejects with TM_INVALID_CALL, listing the problems,
 * when Segment would not take it; delivery failures are the destination's to report.
 * Resolves the destination's outcome.
 */
export async function sendCheckedCall(
  destination: Destination,
  call: JsonObject & { type: string },
  redact: readonly string[],
  caller: string,
): Promise<DeliveryOutcome> {
  const result = prepareCall(call, { redact });
  if (!result.ok) throw new TrackmapError("TM_INVALID_CALL", `${caller}${call.type}: ${result.problems.join("; ")}`);
  return destination.send(result.call);
}
