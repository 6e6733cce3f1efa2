// `tickmark`: the engine on plain Node, for auditors at a terminal and compliance pipelines.
// Exit codes: 0 verified, 1 integrity failed, 2 unusable input or usage, 3 consistent but not anchored
// to a pinned key (nothing failed, but nothing the auditor trusts vouches for it).
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  Workspace,
  isSqliteFile,
  importBundle,
  ImportError,
  InputError,
  pinKey,
  verifyBundlePath,
  verifyWorkspace,
  generateBundle,
  TAMPER_KINDS,
  CancelledError,
  WorkspaceError,
  type TamperKind,
} from '../engine/index';
import { latestRun } from '../engine/store/runs';
import { storageError } from '../engine/store/errors';
import { NoteError, parseVerifierKey } from '../../shared/note';
import type { VerificationReport, Verdict } from '../../shared/types';
import { progressBar } from './progress';
import { anchorNotice } from './anchors';
import { samplingCommand, UsageError } from './sampling-commands';
import { judgementCommand } from './judgement-commands';
import { evidenceCommand, EVIDENCE_USAGE } from './evidence-commands';
import { EvidenceTableError } from '../../shared/evidence/table';
import { ANALYZE_USAGE, analyzeCommand } from './analyze-commands';
import { coverageCommand } from './coverage-commands';
import { ANALYTICS_WORKPAPER_USAGE, analyticsWorkpaperCommand } from './analytics-workpaper-commands';
import { SamplingError } from '../../shared/sampling/errors';
import { SessionError } from '../engine/sessions';
import { PopulationError } from '../engine/population';
import { verifyCloudTrailPath, readPinFiles } from '../engine/sources/cloudtrail/index';
import { detectSource } from '../engine/sources/index';
import { custodyImportCommand, custodyTarget, custodyVerifyCommand } from './custody-commands';
import { EXIT, describe, exitFor } from './report-output';
import { INTEGRITY_GRADE_TEXT, SOURCE_KINDS, type SourceKindId } from '../../shared/source-kinds';
import { describeCloudTrail } from './cloudtrail-output';
import { importKitCommand } from './cloudtrail-import';
import { terminalSafe } from '../../shared/terminal-text';
import { isVendorChainVerify, vendorChainVerify } from './vendor-chain-commands';

export { EXIT };

const USAGE = `tickmark — verify tamper-evident audit-log bundles offline

Usage:
  tickmark import <bundle> --workspace <file.tickmark> [--pin <vkey>]... [--verify [--json] [--silent-hours <h>]]
                  (--verify: verify in the same reading, record the run, exit as verify does)
  tickmark import <file or folder> --workspace <file.tickmark> [--as fhir|atna|okta|github|pgaudit|csv|jsonl]
                  [--map <mapping.json>] [--window START/END] [--json] [--verify]
                  (an export with no producer integrity — FHIR AuditEvent, ATNA / DICOM audit messages over
                  syslog, Okta System Log, GitHub audit log, pgaudit csvlog, or JSONL/CSV under a field
                  mapping — kept under a custody receipt: each
                  file's SHA-256 and RFC 9162 root as received; duplicates and records outside the window
                  (--window RFC 3339 instants, else the engagement's) are counted)
  tickmark verify <bundle|workspace> [--pin <vkey>]... [--pin-file <file>]... [--json] [--out <report.json>]
                  [--silent-hours <h>]
  tickmark verify <export file> [--as … --map <mapping.json>] [--json]   (custody report, never "verified")
  tickmark verify <cloudtrail kit> --pin-file <keys.json>... [--json] [--out <report.json>]
                  (a folder or .zip with kit.json; keys.json is list-public-keys output you fetched yourself)
  tickmark import <cloudtrail kit> --workspace <file.tickmark> --pin-file <keys.json>... [--verify [--json]]
                  (records become events; the kit is verified as it is imported and the run recorded;
                  verify the workspace later with the same --pin-file)
  tickmark verify <vendor export file or folder> --profile <vendor.json> [--pin <key or PEM file>]... [--json]
                  (a vendor's own hash chain, as the profile declares it: docs/vendor-chain-profiles.md;
                  exit 3 when it is not independently verifiable: HMAC, no signed head, or no pinned key)
  tickmark pin <vkey> --workspace <file.tickmark> [--label <text>]
  tickmark generate --out <dir> [--events <n>] [--seed <s>] [--gzip] [--slice-from <m>] [--tamper <kind>] [--planted]

Sampling (each with --json for pipelines):
  tickmark population <workspace> --name <name> [--stream s] [--category c] [--action a] [--actor id]
                      [--outcome success|failure] [--from <ts>] [--to <ts>] [--text <t>]   (or --list)
  tickmark plan [--confidence 0.95] [--tolerable 0.05] [--expected 0.01] [--population N]
                [--method binomial|hypergeometric|poisson]
                |   --frequency daily --risk higher [--workspace <file>]   (SOC 2 guidance by frequency)
  tickmark guidance <workspace> [--set weekly=5-15]... [--reset]   (the engagement's own frequency table)
  tickmark sample <workspace> --population <id|name> --name <session> --attribute <text>...
                  --auditor-value <text> [--select simple-random|systematic|stratified|all]
                  [--period month|quarter|week] [--allocation at-least-one|proportional]
                  [--confidence ..] [--tolerable ..] [--expected ..] [--size N --reason <why>]
                  [--frequency weekly --risk lower]   (size from the engagement's guidance)
  tickmark result <workspace> <session> --item <n> --attribute <name> --result pass|deviation|na|none
  tickmark replace <workspace> <session> --item <n> --reason <why not applicable>   (next item of the stream)
  tickmark extend <workspace> <session> --items <k> --reason <why>
  tickmark judge <workspace> <session> --attribute <name> --deviation-definition <text> | --conclusion <text>
                 | --item <n> --attribute <name> --cause <t> --nature error|fraud-indicator --effect <t>
                 | --conclusion <text>   (the overall conclusion on the control)
  tickmark review <workspace> <session> --raise <text> [--item <n>] --by <reviewer>
                 | --answer <note> --text <t> --by <preparer> | --clear <note> --by <reviewer>   (none: list)
  tickmark signoff <workspace> <session> --as preparer|reviewer --name <name>   (or --reopen <reason>)
  tickmark evaluate <workspace> <session>   |   tickmark evaluate --n 59 --deviations 1
  tickmark workpaper <workspace> <session> -o <file.xlsx>   (or --import <file.xlsx>)
  tickmark verify-workspace <workspace>

Evidence tables (CSV or XLSX files read as typed tables; docs/evidence-tables.md):
${EVIDENCE_USAGE}
Control analytics:
${ANALYZE_USAGE}
${ANALYTICS_WORKPAPER_USAGE}
Completeness:
  tickmark coverage <workspace> [--window START/END] [--longest N] [--json]
                    (records per source and UTC day over the audit window, the days with none, the longest
                    silences, records outside the window, duplicates, retention against the framework)

A <bundle> is a folder or a .zip in tickmark-bundle/1 format. A <vkey> is a signed-note verifier key
(name+keyid+base64) that you obtained from the vendor separately; only pinned keys make a bundle verified.
Keys given to verify (--pin, --pin-file) are the run's only anchors, never added to a workspace's own.
Your profile ($TICKMARK_DATA_DIR, else ~/.tickmark) keeps each workspace's pinned keys and activity-log
head, signed with your own key; a workspace that no longer matches it is reported as altered (exit 1).

Exit codes: 0 verified, 1 integrity failed, 2 unusable input, 3 consistent but no pinned key signed it.
Tamper kinds for generate: ${TAMPER_KINDS.join(', ')}.`;

/** A pin file is CloudTrail's list-public-keys output (JSON) or a list of note verifier keys, one per line. */
function isCloudTrailKeyFile(file: string): boolean {
  return /^\s*[[{]/.test(readFileSync(file, 'utf8'));
}

function pinsFrom(values: { pin?: string[]; 'pin-file'?: string[] }): string[] {
  const pins = [...(values.pin ?? [])];
  for (const file of (values['pin-file'] ?? []).filter((f) => !isCloudTrailKeyFile(f))) {
    for (const l of readFileSync(file, 'utf8').split('\n')) {
      const t = l.trim();
      if (t && !t.startsWith('#')) pins.push(t);
    }
  }
  return pins;
}

function silentFrom(hours: string | undefined): number | undefined {
  const ms = hours ? Number(hours) * 3600_000 : undefined;
  if (ms !== undefined && !(ms > 0)) throw new UsageError('--silent-hours must be a positive number');
  return ms;
}

/** The kind of evidence a workspace's bundle row was imported from (rows before schema 7: bundles). */
function bundleKind(ws: Workspace, bundleId: number): SourceKindId {
  const kind = ws.db.prepare('SELECT kind FROM bundles WHERE id = ?').pluck().get(bundleId) as string;
  return kind in SOURCE_KINDS ? (kind as SourceKindId) : 'tickmark-bundle';
}

export async function main(
  argv: string[],
  rawIo = { out: (s: string) => void process.stdout.write(`${s}\n`), err: (s: string) => void process.stderr.write(`${s}\n`) },
): Promise<number> {
  // The one place output leaves the CLI: vendor text never reaches the terminal with its control characters.
  const io = { out: (s: string) => rawIo.out(terminalSafe(s)), err: (s: string) => rawIo.err(terminalSafe(s)) };
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'import': {
        if (isVendorChainVerify(rest))
          throw new UsageError(
            'a vendor chain is verified with tickmark verify <export> --profile <vendor.json>; importing it into a workspace is not supported yet',
          );
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            workspace: { type: 'string', short: 'w' },
            pin: { type: 'string', multiple: true },
            'pin-file': { type: 'string', multiple: true },
            verify: { type: 'boolean' },
            json: { type: 'boolean' },
            'silent-hours': { type: 'string' },
            as: { type: 'string' },
            map: { type: 'string' },
            window: { type: 'string' },
          },
        });
        if (positionals.length !== 1 || !values.workspace) throw new UsageError('import needs one <bundle> and --workspace <file>');
        const sourceKind = (await detectSource(positionals[0]!)).id;
        if (sourceKind === 'cloudtrail-kit') return await importKitCommand(positionals[0]!, values, io);
        if (values['pin-file']?.length) throw new UsageError('--pin-file takes CloudTrail public keys: it goes with a CloudTrail export kit');
        // an export with no producer integrity goes in under a custody receipt (custody-commands.ts)
        const custody = custodyTarget(positionals[0]!, values.as, values.map);
        if (custody) {
          if (values['silent-hours']) throw new UsageError('--silent-hours is for bundles');
          return await custodyImportCommand(custody, { ...values, workspace: values.workspace }, io);
        }
        if (values.as || values.map || values.window) throw new UsageError('--as, --map and --window are for exports with no producer integrity');
        if ((values.json || values['silent-hours']) && !values.verify) throw new UsageError('--json and --silent-hours go with --verify');
        const silentIntervalMs = silentFrom(values['silent-hours']);
        for (const k of values.pin ?? []) parseVerifierKey(k.trim()); // a bad key: refused before the workspace is made
        const ws = Workspace.open(values.workspace, { create: true });
        anchorNotice(ws, io.err);
        try {
          const bar = progressBar();
          const ac = new AbortController();
          const onSig = (): void => ac.abort();
          process.once('SIGINT', onSig);
          try {
            // the keys are pinned in the import's transaction: a refused import leaves none behind
            const r = await importBundle(ws, positionals[0]!, {
              onProgress: bar.update,
              signal: ac.signal,
              pins: values.pin,
              verify: values.verify ? { silentIntervalMs } : undefined,
            });
            bar.done();
            if (!values.json) io.out(r.status === 'duplicate' ? `Already imported: ${r.message}` : `${r.message} (${r.seconds.toFixed(1)} s)`);
            if (!values.verify) return 0;
            // a bundle already imported is verified again from what the workspace kept
            const report = r.verification
              ? latestRun(ws, r.bundleId)!.report
              : (await verifyWorkspace(ws, { silentIntervalMs })).find((x) => x.bundleId === r.bundleId)!.report;
            if (values.json) io.out(JSON.stringify(report, null, 2));
            else describe(report, io.out);
            return exitFor(report.verdict, [report]);
          } finally {
            bar.done();
            process.off('SIGINT', onSig);
          }
        } finally {
          ws.close();
        }
      }
      case 'verify': {
        if (isVendorChainVerify(rest)) return vendorChainVerify(rest, io);
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            pin: { type: 'string', multiple: true },
            'pin-file': { type: 'string', multiple: true },
            json: { type: 'boolean' },
            out: { type: 'string', short: 'o' },
            'silent-hours': { type: 'string' },
            as: { type: 'string' },
            map: { type: 'string' },
          },
        });
        if (positionals.length !== 1) throw new UsageError('verify needs one <bundle> or <workspace>');
        const target = positionals[0]!;
        const custody = isSqliteFile(target) ? null : custodyTarget(target, values.as, values.map);
        if (custody) return custodyVerifyCommand(custody, { ...values, silentIntervalMs: silentFrom(values['silent-hours']) }, io);
        if (values.as || values.map) throw new UsageError('--as and --map are for exports with no producer integrity');
        const kind = isSqliteFile(target) ? null : await detectSource(target);
        if (kind && kind.id !== 'tickmark-bundle') {
          if (values.pin?.length || values['silent-hours'])
            throw new UsageError(
              'a CloudTrail kit takes its pinned keys with --pin-file <list-public-keys output>; --pin and --silent-hours are for bundles',
            );
          const report = await verifyCloudTrailPath(target, readPinFiles(values['pin-file'] ?? []));
          const json = JSON.stringify(report, null, 2);
          if (values.out) writeFileSync(values.out, `${json}\n`);
          if (values.json) io.out(json);
          else {
            io.out(`Kind     ${kind.label}; integrity grade: ${INTEGRITY_GRADE_TEXT[kind.integrity]}`);
            describeCloudTrail(report, io.out);
          }
          if (!values.json && report.verdict === 'unverifiable' && report.pinnedKeys.length === 0)
            io.err(
              'Note: no key is pinned, so nothing can be "verified". Pin the CloudTrail public keys you fetched yourself (aws cloudtrail list-public-keys) with --pin-file.',
            );
          return report.verdict === 'verified' ? EXIT.verified : report.verdict === 'failed' ? EXIT.failed : EXIT.unanchored;
        }
        const pins = pinsFrom(values);
        const silentIntervalMs = silentFrom(values['silent-hours']);
        const bar = progressBar();
        let reports: VerificationReport[];
        let altered = false;
        let kinds: SourceKindId[] = [];
        if (isSqliteFile(target)) {
          const ws = Workspace.open(target);
          anchorNotice(ws, io.err);
          altered = ws.anchors.state === 'altered';
          try {
            // keys given here are the run's only anchors; else the ones this machine recorded for the file
            const runs = await verifyWorkspace(ws, {
              pins: pins.length > 0 ? pins : undefined,
              cloudTrailPins: readPinFiles((values['pin-file'] ?? []).filter(isCloudTrailKeyFile)),
              silentIntervalMs,
              onProgress: bar.update,
            });
            reports = runs.map((x) => x.report);
            kinds = runs.map((x) => bundleKind(ws, x.bundleId));
          } finally {
            ws.close();
          }
          if (reports.length === 0) throw new InputError(`The workspace ${target} has no imported bundle to verify.`, target);
        } else {
          reports = [await verifyBundlePath(target, { pins, silentIntervalMs, onProgress: bar.update })];
        }
        bar.done();
        const verdict: Verdict = reports.some((r) => r.verdict === 'failed')
          ? 'failed'
          : reports.some((r) => r.verdict === 'unverifiable')
            ? 'unverifiable'
            : 'verified';
        const json = JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2);
        if (values.out) writeFileSync(values.out, `${json}\n`);
        if (values.json) io.out(json);
        else {
          // each report under its kind: a workspace may hold imports of kinds with different integrity
          reports.forEach((r, i) => {
            const kind = SOURCE_KINDS[kinds[i] ?? 'tickmark-bundle'];
            if (i === 0 || kind.id !== (kinds[i - 1] ?? 'tickmark-bundle'))
              io.out(`Kind     ${kind.label}; integrity grade: ${INTEGRITY_GRADE_TEXT[kind.integrity]}`);
            describe(r, io.out, kind.integrity === 'custody-only');
          });
        }
        // only when no pinned key at all took part (a workspace brings its own, and a verified result had one);
        // not for custody-only imports alone, which no key could make verified
        if (
          !values.json &&
          verdict === 'unverifiable' &&
          reports.every((r) => r.pinnedKeys.length === 0) &&
          (kinds.length === 0 || !kinds.every((k) => SOURCE_KINDS[k].integrity === 'custody-only'))
        )
          io.err('Note: no key is pinned, so nothing can be "verified". Pin the vendor key you obtained separately with --pin.');
        if (altered) io.err('tickmark: the workspace was altered outside Tickmark (see above): whatever it says cannot be relied on.');
        return altered ? EXIT.failed : exitFor(verdict, reports);
      }
      case 'pin': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { workspace: { type: 'string', short: 'w' }, label: { type: 'string' } },
        });
        if (positionals.length !== 1 || !values.workspace) throw new UsageError('pin needs one <vkey> and --workspace <file>');
        const ws = Workspace.open(values.workspace, { create: true });
        anchorNotice(ws, io.err);
        try {
          const k = pinKey(ws, positionals[0]!, values.label ?? '');
          io.out(`Pinned ${k.name} (key id ${k.keyId}) in ${values.workspace}`);
        } finally {
          ws.close();
        }
        return 0;
      }
      case 'generate': {
        const { values } = parseArgs({
          args: rest,
          options: {
            out: { type: 'string', short: 'o' },
            events: { type: 'string' },
            seed: { type: 'string' },
            gzip: { type: 'boolean' },
            'slice-from': { type: 'string' },
            tamper: { type: 'string' },
            checkpoints: { type: 'string' },
            planted: { type: 'boolean' },
          },
        });
        if (!values.out) throw new UsageError('generate needs --out <dir>');
        if (values.planted && (values.tamper || values['slice-from']))
          throw new UsageError('--planted cannot be combined with --tamper or --slice-from');
        const events = Number(values.events ?? '3000');
        if (!Number.isSafeInteger(events) || events < 1) throw new UsageError('--events must be a positive whole number');
        if (values.tamper && !(TAMPER_KINDS as readonly string[]).includes(values.tamper))
          throw new UsageError(`--tamper must be one of ${TAMPER_KINDS.join(', ')}`);
        const g = await generateBundle({
          out: path.resolve(values.out),
          events,
          seed: values.seed,
          gzip: values.gzip,
          sliceFrom: values['slice-from'] ? Number(values['slice-from']) : undefined,
          tamper: values.tamper as TamperKind | undefined,
          checkpointsPerStream: values.checkpoints ? Number(values.checkpoints) : undefined,
          planted: values.planted,
        });
        writeFileSync(path.join(path.dirname(g.dir), `${path.basename(g.dir)}.vendor-key.txt`), `${g.vendorKey}\n`);
        const written = g.manifest.streams.reduce((n, x) => n + x.event_count, 0);
        io.out(`Wrote ${written} events to ${g.dir}`);
        if (g.planted)
          io.out(`Planted ${g.planted.findings.length} findings of ${g.planted.pack} (and ${g.planted.boundaries.length} boundary cases)`);
        io.out(`Vendor verifier key (pin it to verify): ${g.vendorKey}`);
        if (g.tamperedSeq !== null)
          io.out(`Tampered (${values.tamper}) in stream ${g.tamperedStream} at seq ${g.tamperedSeq}, line ${g.tamperedLine}`);
        return 0;
      }
      case 'evidence':
        return await evidenceCommand(rest, io);
      case 'analyze':
        return analyzeCommand(rest, io);
      case 'analytics-workpaper':
        return await analyticsWorkpaperCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return cmd === undefined ? EXIT.unusable : 0;
      default: {
        const code = (await samplingCommand(cmd, rest, io)) ?? judgementCommand(cmd, rest, io) ?? coverageCommand(cmd, rest, io);
        if (code === null) throw new UsageError(`unknown command "${cmd}"`);
        return code;
      }
    }
  } catch (thrown) {
    // SQLite's own failures (full disk, a workspace another process is writing, …) where the engine did not
    // already say which workspace: a message, exit 2, never a stack trace
    const e = storageError(thrown, 'The workspace', 'The command stopped; SQLite undid any change it had begun');
    if (
      e instanceof UsageError ||
      (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      (e as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
    ) {
      io.err(`tickmark: ${(e as Error).message}\n\n${USAGE}`);
      return EXIT.unusable;
    }
    const known = [ImportError, InputError, WorkspaceError, NoteError, SamplingError, SessionError, PopulationError, EvidenceTableError];
    if (e instanceof Error && (known.some((k) => e instanceof k) || e.name === 'WorkpaperError')) {
      io.err(`tickmark: ${e.message}`);
      return EXIT.unusable;
    }
    if (e instanceof CancelledError) {
      io.err('tickmark: cancelled; nothing was changed.');
      return EXIT.unusable;
    }
    throw e;
  }
}
