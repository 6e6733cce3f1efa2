// A one-line progress bar on a terminal; nothing at all when output is piped (pipelines want quiet logs).
import type { Progress } from '../../shared/types';

export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update: (p: Progress) => void; done: () => void } {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update(p) {
      const width = 28;
      const frac = p.bytesTotal ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      const mb = p.bytesDone / 1e6;
      const left = p.bytesTotal && frac > 0 && p.rate > 0 ? ` ~${Math.max(0, Math.round((p.eventsDone / frac - p.eventsDone) / p.rate))} s left` : '';
      stream.write(
        `\r${p.phase.padEnd(7)} ${bar} ${(frac * 100).toFixed(0).padStart(3)}%  ${p.eventsDone.toLocaleString('en-US')} events  ${mb.toFixed(1)} MB  ${Math.round(p.rate).toLocaleString('en-US')} ev/s${left}\x1b[K`,
      );
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
