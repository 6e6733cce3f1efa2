import { shortHash } from '../lib/format';

/** A hash: in full (wrapping) by default, or shortened with the full value in the tooltip. */
export function Hash({ value, short = false, className }: { value: string | null | undefined; short?: boolean; className?: string }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <code className={`hash${short ? '' : ' hash-full'}${className ? ` ${className}` : ''}`} title={short ? value : undefined}>
      {short ? shortHash(value) : value}
    </code>
  );
}
