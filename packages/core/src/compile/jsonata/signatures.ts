import type { Signature } from "./natives";
import { isFunction } from "./values";

/**
 * Checking a call's arguments against a function's signature, as jsonata does, but without
 * running jsonata's check (a regular expression over the arguments' kinds) again for kinds it
 * has already accepted unchanged. What the check does depends only on the kinds of the
 * arguments (and of the context, where `-` lets it stand in), and for a typed list (`a<n>`) on
 * whether the list is empty or which kind all its items share: the first time a combination
 * is seen jsonata's check runs, and if it handed the arguments back as they were, the next
 * calls with the same kinds skip it. Anything else (a wrapped argument, a substituted context,
 * an error) runs jsonata's check every time.
 */

interface Memo {
  /** Kinds of arguments jsonata's check hands back unchanged. */
  unchanged: Set<string>;
  usesContext: boolean;
  /** Whether a list's items count (the signature has a typed list). */
  typedLists: boolean;
}

const MEMOS = new WeakMap<Signature, Memo | null>();

export function validateArguments(signature: Signature, args: unknown[], context: unknown): unknown[] {
  let memo = MEMOS.get(signature);
  if (memo === undefined) {
    memo = memoFor(signature.definition);
    MEMOS.set(signature, memo);
  }
  if (memo === null) return signature.validate(args, context);
  let kinds = memo.usesContext ? `${kindOf(context)}|` : "";
  for (let i = 0; i < args.length; i++) kinds += memo.typedLists ? listKindOf(args[i]) : kindOf(args[i]);
  if (memo.unchanged.has(kinds)) return args;
  const validated = signature.validate(args, context);
  if (validated.length === args.length && validated.every((arg, i) => arg === args[i])) memo.unchanged.add(kinds);
  return validated;
}

/** A memo for a signature; none where a parameter is a typed function (`f<s:o>`). */
function memoFor(definition: string): Memo | null {
  const parameters = definition.slice(1, definition.includes(":") ? definition.indexOf(":") : -1);
  if (parameters.includes("f<")) return null;
  return { unchanged: new Set(), usesContext: parameters.includes("-"), typedLists: parameters.includes("a<") };
}

/** A value's kind, and for a list the kind all its items share ("" when empty, "*" when mixed). */
function listKindOf(value: unknown): string {
  if (!Array.isArray(value)) return kindOf(value);
  if (value.length === 0) return "a()";
  const first = kindOf(value[0]);
  for (let i = 1; i < value.length; i++) if (kindOf(value[i]) !== first) return "a(*)";
  return `a(${first})`;
}

/**
 * The letter jsonata's signatures give a value's kind; jsonata counts a BigInt or a Symbol as
 * missing ("m") and passes nothing in its place, so they get a letter of their own here.
 */
function kindOf(value: unknown): string {
  if (isFunction(value)) return "f";
  switch (typeof value) {
    case "string":
      return "s";
    case "number":
      return "n";
    case "boolean":
      return "b";
    case "object":
      return value === null ? "l" : Array.isArray(value) ? "a" : "o";
    case "undefined":
      return "m";
    default:
      return "?";
  }
}
