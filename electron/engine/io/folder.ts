// A bundle that is a plain directory. Symbolic links are never followed: a bundle must not be able to
// make the verifier read files outside it. A .gz stream file may produce a bounded multiple of its own
// size (budget.ts).
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { InputError, linesOfFile, linesOfRaw, type BundleSource, type SourceEntry } from './source';
import { DecompressionBudget } from './budget';

export async function openFolder(dir: string): Promise<BundleSource> {
  const root = path.resolve(dir);
  const entries: SourceEntry[] = [];
  const links: string[] = [];
  async function walk(rel: string): Promise<void> {
    const abs = path.join(root, rel);
    for (const d of await fsp.readdir(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isSymbolicLink()) links.push(r);
      else if (d.isDirectory()) await walk(r);
      else if (d.isFile()) entries.push({ path: r, size: (await fsp.stat(path.join(root, r))).size });
    }
  }
  await walk('');
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(entries.map((e) => [e.path, e]));

  const fileOf = (p: string): string => {
    if (links.includes(p)) throw new InputError(`${p} is a symbolic link; Tickmark does not follow links out of a bundle`, p);
    if (!byPath.has(p)) throw new InputError(`${p} is not in the bundle`, p);
    return path.join(root, ...p.split('/'));
  };
  const open = async (p: string): Promise<Readable> => createReadStream(fileOf(p), { highWaterMark: 1 << 20 });
  return {
    location: root,
    kind: 'folder',
    entries: () => entries,
    has: (p) => byPath.has(p),
    open,
    lines: async (p, o) =>
      p.endsWith('.gz') ? linesOfRaw(await open(p), p, o, new DecompressionBudget(root, byPath.get(p)?.size ?? 0)) : linesOfFile(fileOf(p), p, o),
    close: async () => {},
  };
}
