import { CALL_FIELDS, CALL_TYPES, COMMON_FIELDS, type CallType } from "../calls/segmentCall";

/**
 * The JSON Schema (draft-07) of mapping and library files. It is the single source of
 * truth: ajv validates files against it, and `mapping.schema.json` (for editors, via
 * yaml-language-server) is generated from it and kept in sync by a test.
 */

// PIECES

const EXPRESSION_PATTERN = "^\\s*=";

const expression = (description: string) => ({
  type: "string",
  pattern: EXPRESSION_PATTERN,
  description,
});

/** Any value: a literal, or a string starting with `=` holding a JSONata expression. */
const template = (description: string) => ({ description });

const objectTemplate = (description: string) => ({
  description,
  anyOf: [{ type: "object" }, expression("A JSONata expression that gives an object.")],
});

const stringTemplate = (description: string) => ({
  description,
  type: "string",
});

const FIELD_SCHEMAS: Record<string, object> = {
  event: stringTemplate("Track event name, e.g. `Order Completed` (literal), or `= expression`."),
  properties: objectTemplate("Event properties: a map of literals and `= expressions`, or one expression."),
  traits: objectTemplate("Traits of the user or group: a map of literals and `= expressions`, or one expression."),
  groupId: stringTemplate("The group's id (literal or `= expression`)."),
  name: stringTemplate("Page name (literal or `= expression`)."),
  category: stringTemplate("Page category (literal or `= expression`)."),
  previousId: stringTemplate("The previous id of the user being aliased (literal or `= expression`)."),
  userId: stringTemplate("Your id of the user (literal or `= expression`). userId or anonymousId is required."),
  anonymousId: stringTemplate("The anonymous id, e.g. from cart metadata (literal or `= expression`)."),
  context: objectTemplate("Segment context (ip, userAgent, ...): a map or an expression."),
  integrations: objectTemplate("Per-destination switches, e.g. `{ All: true }`: a map or an expression."),
  timestamp: stringTemplate("When it happened (ISO-8601), usually `= order.created_at`."),
  messageId: stringTemplate("Dedupe key (≤ 100 characters). Default: derived from event, data and call."),
};

function callBodySchema(type: CallType) {
  const fields = [...CALL_FIELDS[type], ...COMMON_FIELDS];
  return {
    description: `A Segment ${type} call: a map of its fields, or one \`= expression\` giving that map.`,
    anyOf: [
      {
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(fields.map((f) => [f, FIELD_SCHEMAS[f]])),
      },
      expression(`A JSONata expression giving the ${type} call's fields as one object.`),
    ],
  };
}

const functions = {
  type: "object",
  description: "Functions available to expressions as `$name`, each a JSONata `function($arg) { ... }`.",
  propertyNames: { pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
  additionalProperties: { type: "string", description: "A JSONata function definition: function($a, $b) { ... }" },
};

const use = {
  type: "array",
  description: "Libraries whose functions this file uses (by their `library` name).",
  items: { type: "string", minLength: 1 },
  uniqueItems: true,
};

const description = { type: "string", description: "What this file is for, in a sentence." };

const fields = {
  type: "array",
  description: "Fields to load, in Medusa Query syntax: `id`, `items.*`, `customer.email`, `total`, ...",
  items: { type: "string", minLength: 1 },
  uniqueItems: true,
};

const entity = { type: "string", minLength: 1, description: "The entity to load, e.g. `order`, `customer`, `fulfillment`." };

const presets = {
  type: "object",
  description:
    "Named records (entity and fields) that mappings using this library load with `preset: name`, so that a " +
    "long list of fields is written once.",
  propertyNames: { pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
  additionalProperties: {
    type: "object",
    additionalProperties: false,
    required: ["entity"],
    properties: { entity, fields },
  },
};

const load = {
  type: "object",
  description:
    "Records to load before the calls are evaluated, each under its name in the input (e.g. `order`). " +
    "The host application (the Medusa plugin) loads them; the core only checks their shape.",
  propertyNames: { pattern: "^[A-Za-z_][A-Za-z0-9_]*$", not: { const: "event" } },
  additionalProperties: {
    type: "object",
    additionalProperties: false,
    required: ["id"],
    properties: {
      entity,
      preset: {
        type: "string",
        minLength: 1,
        description: "A preset of a used library (its entity and fields); `fields` given here are added to it.",
      },
      id: template("The record's id: usually `= event.data.id`. May use records loaded above it."),
      fields,
      optional: {
        type: "boolean",
        description: "When true a missing record is `null` in the input instead of an error. Default: false.",
      },
    },
  },
};

const callItem = {
  type: "object",
  description: `One call: exactly one of ${CALL_TYPES.join(", ")}, with optional \`when\` and \`each\`.`,
  additionalProperties: false,
  minProperties: 1,
  properties: {
    ...Object.fromEntries(CALL_TYPES.map((type) => [type, callBodySchema(type)])),
    when: template("Condition: the call is made only when this is truthy (`= expression`, or a literal)."),
    each: template("Makes one call per item of this list (`= expression`); `$item` and `$index` are bound."),
  },
};

// SCHEMA

export const MAPPING_SCHEMA_ID = "https://trackmap.dev/schemas/mapping.schema.json";

export const mappingSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: MAPPING_SCHEMA_ID,
  title: "trackmap mapping or library file",
  description:
    "A mapping says how a source event becomes Segment calls; a library holds functions shared by mappings. " +
    "Strings starting with `=` are JSONata expressions; every other value is a literal.",
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    description,
    on: {
      description: "The source event name(s) this mapping handles, e.g. `order.placed`.",
      anyOf: [
        { type: "string", minLength: 1 },
        { type: "array", items: { type: "string", minLength: 1 }, minItems: 1, uniqueItems: true },
      ],
    },
    library: {
      type: "string",
      pattern: "^[A-Za-z0-9_.-]+$",
      description: "Makes this file a library of functions, used by mappings with `use: [name]`.",
    },
    use,
    load,
    presets,
    functions,
    calls: {
      type: "array",
      description: "The calls this event produces, in order. An empty list sends nothing.",
      items: callItem,
    },
  },
} as const;
