import type { JsonataError } from "../diagnostics/jsonataError";
import { describeValue } from "../shared/describeValue";

/** The fields JSONata quotes data from in its messages (`{{value}}`, `{{value2}}`, `{{exp}}`). */
const QUOTED_FIELDS = ["value", "value2", "exp"] as const;

/**
 * JSONata's message with the data it quotes described by type and size instead:
 * `Unable to cast value to a number: "$2b$10$…"` would put a password hash in the logs
 * and the outbox's last_error. It becomes `Unable to cast value to a number: (text of 60 characters)`.
 */
export function messageWithoutValues(error: JsonataError): string {
  let message = error.message;
  for (const field of QUOTED_FIELDS) {
    const value = error[field];
    if (value === undefined) continue;
    const quoted = quote(value);
    if (quoted) message = message.split(quoted).join(`(${describeValue(value)})`);
  }
  return message;
}

/** As JSONata writes the value into its message. */
function quote(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
