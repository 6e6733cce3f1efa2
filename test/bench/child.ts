// One benchmark operation in its own process, printing seconds, events and peak RSS as JSON.
import { generateBundle, importBundle, verifyBundlePath, verifyWorkspace, Workspace } from '../../electron/engine/index';

const [op, a, b] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
let events = 0;
let bytes = 0;
let verdict: string | undefined;
const WEEK = 7 * 24 * 3600 * 1000;

switch (op) {
  case 'generate': {
    await generateBundle({ out: a!, events: Number(b), seed: 'bench', evidence: true, checkpointsPerStream: 8 });
    events = Number(b);
    break;
  }
  case 'verify': {
    const vendor = (await import('../../electron/engine/fixtures/generate')).fixtureSigner('bench', 'audit.northwind.example/log').vkey;
    const r = await verifyBundlePath(a!, { pins: [vendor], silentIntervalMs: WEEK });
    events = r.totals.events;
    bytes = r.totals.bytes;
    verdict = r.verdict;
    break;
  }
  case 'import': {
    const ws = Workspace.open(b!, { create: true });
    const r = await importBundle(ws, a!);
    ws.close();
    events = r.events;
    bytes = r.bytes;
    break;
  }
  case 'import-verify': {
    const vendor = (await import('../../electron/engine/fixtures/generate')).fixtureSigner('bench', 'audit.northwind.example/log').vkey;
    const ws = Workspace.open(b!, { create: true });
    const r = await importBundle(ws, a!, { verify: { pins: [vendor], silentIntervalMs: WEEK } });
    ws.close();
    events = r.events;
    bytes = r.bytes;
    verdict = r.verification?.verdict;
    break;
  }
  case 'generate-foreign': {
    const { writeForeignBundle } = await import('../helpers/foreign-bundle');
    const { writeFileSync } = await import('node:fs');
    const fb = writeForeignBundle({ out: a!, events: Number(b), seed: 'bench', depth: 4 });
    writeFileSync(`${a}/vendor-key.txt`, fb.vendorKey);
    events = fb.events;
    bytes = fb.bytes;
    break;
  }
  case 'verify-foreign': {
    const { readFileSync } = await import('node:fs');
    const r = await verifyBundlePath(a!, { pins: [readFileSync(`${a}/vendor-key.txt`, 'utf8')] });
    events = r.totals.events;
    bytes = r.totals.bytes;
    verdict = r.verdict;
    break;
  }
  case 'verify-workspace': {
    const ws = Workspace.open(a!);
    const vendor = (await import('../../electron/engine/fixtures/generate')).fixtureSigner('bench', 'audit.northwind.example/log').vkey;
    const [r] = await verifyWorkspace(ws, { pins: [vendor], silentIntervalMs: WEEK });
    ws.close();
    events = r!.report.totals.events;
    verdict = r!.report.verdict;
    break;
  }
  case 'synthetic': {
    // a 10M-event workspace made directly in SQL (content irrelevant to selection and query speed)
    const { buildSyntheticWorkspace } = await import('./synthetic');
    events = buildSyntheticWorkspace(a!, Number(b));
    break;
  }
  case 'analytics': {
    const { benchAnalytics } = await import('./analytics');
    const r = await benchAnalytics(a!);
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ ...r, maxRssMb }));
    process.exit(0);
  }
  case 'sampling': {
    const { benchSampling } = await import('./synthetic');
    const r = await benchSampling(a!, b!);
    console.log(JSON.stringify({ ...r, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
    process.exit(0);
  }
  default:
    throw new Error(`unknown op ${op}`);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ seconds, events, bytes, verdict, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
