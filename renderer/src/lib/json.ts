/** The original line, pretty-printed when it parses (the raw text otherwise, unchanged). */
export function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}
