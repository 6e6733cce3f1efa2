import { useState, type DragEvent } from 'react';
import { pathOfDroppedFile } from '../../api';

/** Drop a bundle folder or .zip here; the platform gives its path (in the desktop app). */
export function DropZone({ onPath }: { onPath: (path: string) => void }) {
  const [over, setOver] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    const p = pathOfDroppedFile(file);
    if (p) {
      onPath(p);
      setNote(null);
    } else {
      setNote(`This window cannot see where “${file.name}” is stored; type or paste its path below.`);
    }
  };
  return (
    <div
      className={`dropzone${over ? ' dropzone-over' : ''}`}
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p className="dropzone-title">Drop a bundle folder or .zip here</p>
      <p className="muted">{note ?? 'or give its path below'}</p>
    </div>
  );
}
