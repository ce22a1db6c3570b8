import jsonata from "jsonata";
import type { ExpressionSource } from "../load/expressionSource";

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

export interface EvaluationLimits {
  /** Milliseconds one evaluation may run (JSONata error D1012 past it). */
  timeoutMs: number;
  /** Maximum evaluation depth, e.g. recursion (JSONata error D1011 past it). */
  maxDepth: number;
}

export interface Program {
  readonly text: string;
  readonly expression: jsonata.Expression;
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

  build(limits: EvaluationLimits): Program {
    const text = this.text;
    const segments = [...this.segments];
    const expression = jsonata(text, { timeout: limits.timeoutMs, stack: limits.maxDepth });
    return {
      text,
      expression,
      locate(position) {
        const segment = segments.find((s) => position >= s.start && position <= s.end);
        return segment && { source: segment.source, offset: position - segment.start };
      },
    };
  }
}
