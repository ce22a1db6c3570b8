import { CALL_FIELDS, CALL_TYPES, COMMON_FIELDS } from "../calls/segmentCall";

/**
 * JSON Schema (draft-07) of `*.test.yaml` files: declarative test cases for a mapping.
 * `test-file.schema.json` (for editors) is generated from it and kept in sync by a test.
 */

const matchMode = {
  enum: ["equals", "contains"],
  description:
    "equals: the call has exactly these fields (messageId and timestamp are ignored unless given); " +
    "contains: the call has at least these fields and values, at any depth. Default: contains.",
};

const expectedCall = {
  type: "object",
  description: `One expected call: exactly one of ${CALL_TYPES.join(", ")} with its expected fields.`,
  additionalProperties: false,
  minProperties: 1,
  properties: {
    ...Object.fromEntries(
      CALL_TYPES.map((type) => [
        type,
        {
          type: "object",
          description: `Expected fields of a ${type} call (literal values).`,
          additionalProperties: false,
          properties: Object.fromEntries([...CALL_FIELDS[type], ...COMMON_FIELDS].map((f) => [f, {}])),
        },
      ]),
    ),
    match: matchMode,
    assert: {
      description: 'JSONata predicate(s) on the actual call, each starting with "=", e.g. `= properties.total > 0`.',
      anyOf: [
        { type: "string", pattern: "^\\s*=" },
        { type: "array", items: { type: "string", pattern: "^\\s*=" } },
      ],
    },
  },
};

const TEST_FILE_SCHEMA_ID = "https://trackmap.dev/schemas/test-file.schema.json";

export const testFileSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: TEST_FILE_SCHEMA_ID,
  title: "trackmap mapping tests",
  description: "Test cases for one mapping: an input, and the Segment calls it must give.",
  type: "object",
  additionalProperties: false,
  required: ["cases"],
  properties: {
    $schema: { type: "string" },
    mapping: {
      type: "string",
      description: "The mapping file under test, relative to this file. Default: this file's name without `.test`.",
    },
    cases: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "input", "expect"],
        properties: {
          name: { type: "string", minLength: 1, description: "What the case shows, in a sentence." },
          event: { type: "string", minLength: 1, description: "The source event. Default: the mapping's first `on` event." },
          data: { description: "The event's data (e.g. `{ id: order_123 }`). Default: `event.data` of the input, or `{}`." },
          input: {
            description:
              "The input: a fixture file (JSON or YAML, relative to this file) or an inline map holding the " +
              "records the mapping loads, by name (e.g. `order`), and optionally `event`.",
            anyOf: [{ type: "string", minLength: 1 }, { type: "object" }],
          },
          variables: {
            type: "object",
            description: "Values the host gives expressions as `$name`, e.g. `{ reporting: { currency: EUR, rates: { USD: 0.92 } } }`.",
          },
          match: matchMode,
          expect: {
            type: "array",
            description: "The calls expected, in order. `[]` means the event must produce no call.",
            items: expectedCall,
          },
          errors: {
            type: "array",
            description: "Codes of mapping errors this case expects (e.g. TM_RECORD_NOT_FOUND). Default: none.",
            items: { type: "string", pattern: "^TM_[A-Z_]+$" },
          },
        },
      },
    },
  },
} as const;
