import { itemAt } from "../shared/itemAt";

/** A file's text with offset → line/column conversion (1-based, like editors). */
export class SourceFile {
  readonly path: string;
  readonly text: string;
  private readonly lineStarts: number[] = [0];
  private lines?: string[];

  constructor(path: string, text: string) {
    this.path = path;
    this.text = text;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (itemAt(this.lineStarts, mid) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - itemAt(this.lineStarts, low) + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    this.lines ??= this.text.split(/\r?\n/);
    return this.lines[line - 1] ?? "";
  }
}
