import type { ReactNode } from 'react';

/** Label/value pairs in a compact grid. */
export function DefinitionList({ items, className }: { items: [ReactNode, ReactNode][]; className?: string }) {
  return (
    <dl className={`deflist${className ? ` ${className}` : ''}`}>
      {items.map(([k, v], i) => (
        <div className="deflist-row" key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
