import { useEffect, useRef, useState } from 'react';
import { useExplorer } from '../../stores/explorer';
import { Kbd } from '../../components/Kbd';
import { isTypingTarget } from '../../lib/platform';
import { SelectFilter } from './SelectFilter';
import { TimeFilter } from './TimeFilter';

/** Time range, stream, category, action, actor, outcome, and free text over the original line. */
export function FilterBar() {
  const filter = useExplorer((s) => s.filter);
  const values = useExplorer((s) => s.values);
  const setFilter = useExplorer((s) => s.setFilter);
  const replaceFilter = useExplorer((s) => s.replaceFilter);
  const [text, setText] = useState(filter.text ?? '');
  const [actor, setActor] = useState(filter.actors?.[0] ?? '');
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => setText(filter.text ?? ''), [filter.text]);
  useEffect(() => setActor(filter.actors?.[0] ?? ''), [filter.actors]);
  useEffect(() => {
    if ((filter.text ?? '') === text.trim()) return;
    const t = window.setTimeout(() => setFilter({ text }), 450);
    return () => window.clearTimeout(t);
  }, [text, filter.text, setFilter]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === '/' && !isTypingTarget(e.target) && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const applyActor = (): void => {
    const a = actor.trim();
    if ((filter.actors?.[0] ?? '') !== a) setFilter({ actors: a ? [a] : [] });
  };
  const active = Object.keys(filter).length > 0;
  return (
    <form className="filterbar" role="search" aria-label="Filter events" onSubmit={(e) => e.preventDefault()} data-testid="filterbar">
      <TimeFilter />
      <SelectFilter
        label="Stream"
        name="stream"
        options={values?.streams ?? []}
        value={filter.streams?.[0] ?? ''}
        onChange={(v) => setFilter({ streams: v ? [v] : [] })}
      />
      <SelectFilter
        label="Category"
        name="category"
        options={values?.categories ?? []}
        value={filter.categories?.[0] ?? ''}
        onChange={(v) => setFilter({ categories: v ? [v] : [] })}
      />
      <SelectFilter
        label="Action"
        name="action"
        options={values?.actions ?? []}
        value={filter.actions?.[0] ?? ''}
        onChange={(v) => setFilter({ actions: v ? [v] : [] })}
      />
      <label className="filter">
        <span className="filter-label">Actor</span>
        <input
          className="input input-sm mono"
          name="actor"
          list="actor-values"
          value={actor}
          onChange={(e) => setActor(e.target.value)}
          onBlur={applyActor}
          onKeyDown={(e) => e.key === 'Enter' && applyActor()}
          placeholder="any"
          spellCheck={false}
          autoComplete="off"
        />
        <datalist id="actor-values">
          {(values?.actors ?? []).slice(0, 2000).map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </label>
      <SelectFilter
        label="Outcome"
        name="outcome"
        options={['success', 'failure']}
        value={filter.outcome ?? ''}
        onChange={(v) => setFilter({ outcome: v === 'success' || v === 'failure' ? v : undefined })}
      />
      <label className="filter filter-grow">
        <span className="filter-label">
          Search <Kbd>/</Kbd>
        </span>
        <input
          ref={search}
          className="input input-sm"
          type="search"
          name="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setFilter({ text });
          }}
          placeholder="text anywhere in the original record"
          spellCheck={false}
        />
      </label>
      <button type="button" className="btn btn-sm" onClick={() => replaceFilter({})} disabled={!active}>
        Clear
      </button>
    </form>
  );
}
