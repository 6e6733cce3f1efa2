/**
 * A tickmark's symbol. Circled capitals (Ⓐ–Ⓩ) are drawn as a letter in a CSS circle: many system fonts
 * lack those code points, and a tickmark must never show as an empty box.
 */
export function TickmarkSymbol({ symbol }: { symbol: string }) {
  const cp = symbol.length === 1 ? symbol.codePointAt(0)! : 0;
  if (cp >= 0x24b6 && cp <= 0x24cf) {
    return (
      <span className="circled" aria-label={symbol} role="img">
        {String.fromCharCode(65 + cp - 0x24b6)}
      </span>
    );
  }
  return <span>{symbol}</span>;
}
