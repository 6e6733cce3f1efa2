// Open whatever the auditor pointed at — a folder or a .zip — as a read-only BundleSource.
import { statSync, createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { openFolder } from './io/folder';
import { openZipBundle } from './io/zip';
import { InputError, type BundleSource } from './io/source';

export async function openBundle(p: string): Promise<BundleSource> {
  let st;
  try {
    st = statSync(p);
  } catch {
    throw new InputError(`${p} does not exist or cannot be read.`, p);
  }
  if (st.isDirectory()) return openFolder(p);
  if (st.isFile()) return openZipBundle(p);
  throw new InputError(`${p} is neither a bundle folder nor a .zip file.`, p);
}

/** SHA-256 of a file on disk, streamed: a bundle .zip is identified by it in reports and workpapers. */
export async function fileSha256(p: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(p, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}
