// JSON.parse with the line of the fault: an auditor is told "kit.json line 7", not "position 212".

export class JsonTextError extends Error {
  override name = 'JsonTextError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? lineAt(text, Number(pos[1])) : /end of JSON input/i.test(msg) ? lineAt(text, text.length) : 1;
    throw new JsonTextError(`is not valid JSON at line ${line} (${msg})`, line);
  }
}
