// Every test file keeps the auditor's profile (engine/store/anchor-ledger.ts: the signing key and the
// record of each workspace's trust anchors) in a fresh temporary folder, never in the real home; the CLI
// processes the tests start inherit it.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.TICKMARK_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'tickmark-profile-'));
