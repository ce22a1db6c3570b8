/**
 * Thrown while compiling when an expression uses something the compiler does not handle:
 * the whole expression then runs on jsonata's evaluator. Never seen by users.
 */
export class NotCompiled extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "NotCompiled";
  }
}

/**
 * Thrown while evaluating compiled code that meets what only the interpreter can run: a bound
 * function that returns a Promise, or a jsonata function object made elsewhere. The
 * evaluation starts again on jsonata's evaluator, so the result is still jsonata's.
 */
export class NeedsInterpreter extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "NeedsInterpreter";
  }
}

/** An AST node as jsonata's parser gives it (the fields compiled code reads). */
export interface AstNode {
  type: string;
  value?: unknown;
  position?: number;
  steps?: AstNode[];
  stages?: Array<{ type: string; expr: AstNode; value?: unknown }>;
  predicate?: Array<{ type: string; expr: AstNode }>;
  group?: { lhs: Array<[AstNode, AstNode]>; position?: number };
  lhs?: AstNode | Array<[AstNode, AstNode]>;
  rhs?: AstNode;
  expressions?: AstNode[];
  /** The operand of unary minus. */
  expression?: AstNode;
  condition?: AstNode;
  then?: AstNode;
  else?: AstNode;
  procedure?: AstNode;
  arguments?: AstNode[];
  body?: AstNode;
  signature?: unknown;
  thunk?: boolean;
  terms?: Array<{ descending: boolean; expression: AstNode }>;
  keepArray?: boolean;
  keepSingletonArray?: boolean;
  consarray?: boolean;
  tuple?: boolean;
  focus?: string;
  index?: string;
  ancestor?: unknown;
}
