import jsonata from "jsonata";
import type { ExpressionSource } from "../diagnostics/expressionSource";
import type { EvaluationLimits } from "./limits";
import { LinearRegExp } from "./linearRegExp";
import { walkAst } from "../shared/walkAst";
import { compileParsed, type CompiledExpression } from "./jsonata";

/**
 * One JSONata program assembled from pieces of mapping and library files. It remembers
 * which piece each character came from, so run-time errors point at the file and line
 * the user wrote, not at the generated text.
 */

// TYPES

export interface Segment {
  start: number;
  end: number;
  source: ExpressionSource;
}

export interface Program {
  readonly text: string;
  /** The program compiled (where the compiler handles it), evaluated as jsonata evaluates it. */
  readonly expression: CompiledExpression;
  /** The same program on jsonata's evaluator. */
  readonly interpreter: jsonata.Expression;
  /**
   * Runs a failed evaluation again in a mode that keeps error positions inside
   * functions, and returns the error it raises. Slower, so only used after a failure.
   */
  rerunForError(input: unknown, bindings: Record<string, unknown>): Promise<unknown>;
  /** The piece of source an offset of `text` came from, and the offset inside it. */
  locate(position: number): { source: ExpressionSource; offset: number } | undefined;
}

// BUILDER

export class ProgramBuilder {
  private text = "";
  private readonly segments: Segment[] = [];

  raw(text: string): this {
    this.text += text;
    return this;
  }

  /** Appends a user expression, parenthesised so it composes with the code around it. */
  expression(source: ExpressionSource): this {
    this.text += "(";
    this.source(source);
    this.text += "\n)";
    return this;
  }

  /** Appends a user expression as is (used for function definitions). */
  source(source: ExpressionSource): this {
    const start = this.text.length;
    this.text += source.text;
    this.segments.push({ start, end: this.text.length, source });
    return this;
  }

  /** The text written so far. */
  get written(): string {
    return this.text;
  }

  /** Appends what another builder wrote, keeping where each piece came from. */
  append(other: ProgramBuilder): this {
    const shift = this.text.length;
    this.text += other.text;
    for (const segment of other.segments) this.segments.push({ ...segment, start: segment.start + shift, end: segment.end + shift });
    return this;
  }

  build(limits: EvaluationLimits): Program {
    const text = this.text;
    const segments = [...this.segments];
    const options = {
      timeout: limits.timeoutMs,
      stack: limits.maxDepth,
      ...(limits.regexEngine === "linear" ? { RegexEngine: LinearRegExp as unknown as RegExpConstructor } : {}),
    };
    const interpreter = jsonata(text, options);
    // With the linear regex engine (a jsonata option the compiler does not take) the whole program runs on jsonata.
    const expression = compileParsed(text, interpreter, options);
    const hasFunctions = containsLambda(interpreter.ast());
    let precise: jsonata.Expression | undefined;
    return {
      text,
      expression,
      interpreter,
      async rerunForError(input, bindings) {
        if (!hasFunctions) return undefined;
        precise ??= keepErrorPositionsInsideFunctions(jsonata(text, options));
        try {
          await precise.evaluate(input, bindings);
          return undefined;
        } catch (error) {
          return error;
        }
      },
      locate(position) {
        const segment = segments.find((s) => position >= s.start && position <= s.end);
        return segment && { source: segment.source, offset: position - segment.start };
      },
    };
  }
}

// ERRORS INSIDE FUNCTIONS

/**
 * JSONata moves the position of an error raised inside a user function to the place the
 * function was called from (it copies the lambda's `position`, set at each call, onto the
 * error). The user needs the line inside the function, often in a library file. A hook
 * JSONata runs after each node makes every lambda's `position` read as unset, so the
 * error keeps the position where it was raised. The hook slows evaluation down, so it
 * is only installed on a second copy of the program, run after a failure.
 */
const EVALUATE_EXIT = Symbol.for("jsonata.__evaluate_exit");

function keepErrorPositionsInsideFunctions(expression: jsonata.Expression): jsonata.Expression {
  const hook = (node: jsonata.ExprNode, _input: unknown, _environment: unknown, result: unknown) => {
    if (node.type === "lambda" && result && typeof result === "object") {
      Object.defineProperty(result, "position", { get: () => undefined, set: () => {}, configurable: true });
    }
  };
  expression.assign(EVALUATE_EXIT as unknown as string, hook);
  return expression;
}

function containsLambda(ast: object): boolean {
  let found = false;
  walkAst(ast, (node) => (found = node.type === "lambda"));
  return found;
}
