// Number formatting for the human-readable formula strings (kept apart so every module words numbers alike).

/** 0.0125 → "1.25%"; at most four decimals, trailing zeros dropped (binary noise such as 7.000000000000001 vanishes). */
export function pct(x: number): string {
  return `${trimZeros((x * 100).toFixed(4))}%`;
}

/** A probability to four significant digits: 0.049975795 → "0.04998". */
export function prob(x: number): string {
  if (x === 0) return '0';
  if (x === 1) return '1';
  return x
    .toPrecision(4)
    .replace(/(\.\d*?)0+(e|$)/, '$1$2')
    .replace(/\.(e|$)/, '$1');
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
