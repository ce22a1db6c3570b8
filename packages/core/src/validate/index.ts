/** The validate stage: messageIds, redaction and Segment's rules, before a call is delivered. */
export { prepareCall, prepareCalls } from "./prepareCalls";
export type { PreparedCalls, PrepareOptions, RejectedCall } from "./prepareCalls";
export { MAX_CALL_BYTES, MAX_MESSAGE_ID_LENGTH, validateCall } from "./validateCall";
export type { ValidationResult } from "./validateCall";
export { createRedactor, DEFAULT_REDACTED_KEYS, isRedactedKey } from "./redact";
export { withStorableText } from "./storableText";
