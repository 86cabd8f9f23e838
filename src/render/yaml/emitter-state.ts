/**
 * The output cursor of go-yaml v2's emitter (libyaml's `yaml_emitter_t`, reduced to what block
 * output needs): the text so far, the column, the indentation stack and the two flags that
 * decide whether the next token needs a space or a line break.
 */

/** go-yaml v2 folds plain and quoted scalars at spaces once a line is past this column. */
export const BEST_WIDTH = 80;
export const BEST_INDENT = 2;

export class EmitterState {
  /** Output pieces; joined once by text(). */
  private readonly parts: string[] = [];
  column = 0;
  indent = -1;
  readonly indents: number[] = [];
  /** The last character written was whitespace (or nothing yet). */
  whitespace = true;
  /** Only indentation has been written on the current line. */
  indention = true;

  /** `put`: one ASCII character. */
  put(text: string): void {
    this.parts.push(text);
    this.column += 1;
  }

  /** `write_all` for text without line breaks and with one code unit per character. */
  write(text: string): void {
    this.parts.push(text);
    this.column += text.length;
  }

  putBreak(): void {
    this.parts.push('\n');
    this.column = 0;
  }

  /** `write_break`: "\n" as a line break, other break characters copied as they are. */
  writeBreak(ch: string): void {
    this.parts.push(ch);
    this.column = 0;
  }

  writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.putBreak();
    }
    if (this.column < indent) {
      this.parts.push(' '.repeat(indent - this.column));
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.write(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  text(): string {
    return this.parts.join('');
  }

  /** `yaml_emitter_increase_indent`. */
  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  restoreIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }
}
