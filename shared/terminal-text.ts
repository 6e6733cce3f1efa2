// Text for a terminal: vendor strings (tenant names, stream origins, actor ids, file names) and auditor input
// reach the CLI's output, and a terminal obeys control characters in them — ESC sequences that erase or
// rewrite a line (a forged "Result VERIFIED"), carriage returns that overprint, bidi overrides that reorder
// what is shown. Every such character is written as a visible JSON-style escape (\u001b), which leaves
// JSON output the same JSON (the escape denotes the same character) and makes human output show the trick.
// Escaped: C0 controls except newline and tab, DEL, C1 controls (U+0080–U+009F), the bidi embeddings and
// overrides U+202A–U+202E and isolates U+2066–U+2069 (Unicode UAX #9), and the line/paragraph separators.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control/bidi character replaced by its `\uXXXX` escape; newlines and tabs kept. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
