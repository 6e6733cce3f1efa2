import { Kbd } from '../../components/Kbd';

export function ShortcutBar() {
  return (
    <p className="shortcut-bar" aria-label="Keyboard shortcuts">
      <span>
        <Kbd>j</Kbd>/<Kbd>k</Kbd> or <Kbd>↓</Kbd>/<Kbd>↑</Kbd> item
      </span>
      <span>
        <Kbd>h</Kbd>/<Kbd>l</Kbd> or <Kbd>←</Kbd>/<Kbd>→</Kbd> attribute, <Kbd>1</Kbd>–<Kbd>9</Kbd> jump
      </span>
      <span>
        <Kbd>p</Kbd> pass · <Kbd>d</Kbd> deviation · <Kbd>n</Kbd> n/a · <Kbd>⌫</Kbd> clear
      </span>
      <span>
        <Kbd>e</Kbd> notes
      </span>
    </p>
  );
}
