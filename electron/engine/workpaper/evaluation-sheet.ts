// The Evaluation sheet: the plan, the results per attribute (and per stratum), the upper limits against the
// tolerable rate, and the rules by which another auditor re-performs the selection.
import ExcelJS from 'exceljs';
import type { SessionView } from '../../../shared/session';
import type { StratifiedEvaluation } from '../../../shared/sampling/stratified-evaluation';
import { SHEET } from './format';
import { KeyValueWriter, headerRow, printSetup, styleVerdict, tableRow, title, widths } from './sheet-helpers';
import { FMT_COUNT, FMT_DECIMAL, FMT_INT, FMT_PCT, FMT_PCT_EXACT, FMT_PCT_TABLE, FMT_PROB, thin } from './styles';
import { METHOD_TEXT, SELECTION_TEXT, cellText, dateValue, textOrNull } from './values';

export function reperformText(view: SessionView): string {
  const N = view.population.size;
  const n = view.items.length;
  const base =
    'The seed is the SHA-256 of the seed material above; the random stream is SHA-256(seed || 0x00 || uint64_be(i)) for i = 0, 1, …, read as 64-bit big-endian words; nextBelow(n) rejects words at or above ⌊2^64/n⌋·n and returns w mod n (docs/sampling-algorithm.md §§1–3). ';
  switch (view.selection.method) {
    case 'simple-random':
      return (
        base +
        `Simple random: repeat i = nextBelow(${N}), keeping each index not kept before, until ${n} are kept; the item at position p is the p-th index kept (§4; python3 reperform.py SEED ${N} ${n} prints them). Index i is the i-th member (from 0) of the population in the ordering rule on "${SHEET.population}".`
      );
    case 'systematic':
      return (
        base +
        `Systematic: s = nextBelow(${N}) (one draw); item i (i = 0 … ${n - 1}) is ⌊(s + i·${N}) / ${n}⌋ (§4). Index i is the i-th member (from 0) of the population in the ordering rule on "${SHEET.population}".`
      );
    case 'stratified':
      return (
        base +
        `Stratified: stratum by stratum in the order of the table below, a simple random selection of its allocated size from its item count, all from one continuing stream; a local index j is reported as start + j (§4). Index i is the i-th member (from 0) of the population in the ordering rule on "${SHEET.population}".`
      );
    default:
      return `100% selection: every index 0 … ${N - 1} of the population, in the ordering rule on "${SHEET.population}"; no random numbers are used.`;
  }
}

/** One attribute of a stratified sample, stratum by stratum, and how the overall conclusion was reached. */
export function stratumTable(ws: ExcelJS.Worksheet, row: number, attribute: string, st: StratifiedEvaluation): number {
  const head = ws.getCell(row++, 1);
  head.value = cellText(`Evaluation by stratum — ${attribute}`);
  head.font = { bold: true };
  headerRow(ws, row++, [
    'Stratum',
    'Members (N_h)',
    'Tested (n_h)',
    'Not applicable',
    'Deviations (d_h)',
    'Deviation rate',
    'Projected deviations (N_h·d_h/n_h)',
    'Upper deviation limit',
    'Conclusion on its own',
  ]);
  for (const h of st.strata) {
    tableRow(ws, row++, [
      { value: h.label },
      { value: h.populationSize, numFmt: FMT_COUNT },
      { value: h.tested, numFmt: FMT_COUNT },
      { value: h.notApplicable, numFmt: FMT_COUNT },
      { value: h.deviations, numFmt: FMT_COUNT },
      { value: h.sampleDeviationRate, numFmt: FMT_PCT },
      { value: h.projectedDeviations, numFmt: FMT_DECIMAL },
      { value: h.evaluation?.upperDeviationLimitTable ?? null, numFmt: FMT_PCT_TABLE },
      {
        value: h.evaluation
          ? h.evaluation.conclusion === 'supports-reliance'
            ? 'supports reliance'
            : 'does not support reliance'
          : 'nothing tested',
      },
    ]);
  }
  tableRow(ws, row++, [
    { value: 'Weighted deviation rate' },
    { value: st.weightedDeviationRate, numFmt: FMT_PCT_EXACT },
    { value: 'Deviations charged' },
    { value: st.chargedDeviations, numFmt: FMT_INT },
  ]);
  const basis = ws.getCell(row, 1);
  basis.value = cellText(`How the overall conclusion is reached: ${st.basis}`);
  basis.alignment = { wrapText: true, vertical: 'top' };
  ws.mergeCells(row, 1, row, 9);
  ws.getRow(row).height = 48;
  return row + 1;
}

export function evaluationSheet(ws: ExcelJS.Worksheet, view: SessionView): void {
  const p = view.plan;
  const attrs = view.evaluation;
  const valueCols = Math.max(5, attrs.length);
  widths(ws, [40, ...Array.from({ length: valueCols }, (_, i) => (i === 0 ? 64 : 42))]);
  title(
    ws,
    `Evaluation — ${view.name}`,
    'The sampling plan, how the sample was selected (enough to re-perform it) and the evaluation of every test attribute.',
  );
  const kv = new KeyValueWriter(ws, 4);

  kv.section('Sampling plan');
  kv.add('Sampling method', METHOD_TEXT[p.method] ?? p.method);
  kv.add('Confidence level', p.confidence, { numFmt: FMT_PCT });
  kv.add('Risk of overreliance', 1 - p.confidence, { numFmt: FMT_PCT });
  kv.add('Tolerable deviation rate', p.tolerableRate, { numFmt: FMT_PCT });
  if (p.expectedDeviations !== null) kv.add('Expected deviations (given)', p.expectedDeviations, { numFmt: FMT_INT });
  else kv.add('Expected deviation rate', p.expectedRate ?? 0, { numFmt: FMT_PCT });
  kv.add('Population size (N)', p.populationSize ?? view.population.size, { numFmt: FMT_COUNT });
  if (p.populationDeviations !== null) kv.add('Deviations to rule out (D = ⌈T × N⌉)', p.populationDeviations, { numFmt: FMT_INT });
  kv.add('Allowed deviations (k)', p.allowedDeviations, { numFmt: FMT_INT });
  kv.add('Computed sample size', p.computedSize, { numFmt: FMT_COUNT });
  kv.add('Achieved risk at the computed size, P(X ≤ k)', p.achievedRisk, { numFmt: FMT_PROB });
  kv.add('Plan formula', p.formula);
  if (p.override) {
    kv.add('Size override', p.override.size, { numFmt: FMT_COUNT, style: p.overrideBelowComputed ? 'bad' : undefined });
    kv.add('Override reason', p.override.reason);
    kv.add('Override by', p.override.by);
    kv.add('Override at', dateValue(p.override.at));
    if (p.overrideBelowComputed)
      kv.add(
        'Override effect',
        `The override tests fewer items than the ${p.computedSize} computed: the stated confidence of ${(p.confidence * 100).toFixed(2).replace(/\.?0+$/, '')}% is not achieved.`,
        { style: 'bad' },
      );
  } else {
    kv.add('Size override', 'none');
  }
  kv.add('Sample size used', p.size, { numFmt: FMT_COUNT });
  if (p.exceedsPopulation) kv.add('Note', 'The computed size exceeds the population: every item is to be tested.', { style: 'warn' });
  kv.add('Items in the sample', view.items.length, { numFmt: FMT_COUNT });
  const replaced = view.items.filter((it) => it.replaced).length;
  if (replaced > 0) kv.add('Items replaced (not applicable; the replacement is evaluated instead)', replaced, { numFmt: FMT_COUNT });

  kv.section('Selection');
  const s = view.selection;
  kv.add('Selection method', SELECTION_TEXT[s.method] ?? s.method);
  if (s.period) kv.add('Strata by period (UTC)', s.period);
  // the allocation is stated even when it is the default, so a re-performer need not know the default
  if (s.method === 'stratified') {
    const allocation = s.allocation ?? 'at-least-one';
    kv.add(
      'Allocation',
      `${allocation === 'proportional' ? 'proportional (largest remainder)' : 'at least one per stratum, the rest proportional (largest remainder)'}${s.allocation ? '' : ' (the default)'}`,
    );
  }
  const d = s.details ?? {};
  let strata: Record<string, unknown>[] | null = null;
  for (const [k, v] of Object.entries(d)) {
    switch (k) {
      case 'interval':
        kv.add('Interval (k = N / n)', v as number, { numFmt: FMT_DECIMAL });
        break;
      case 'start':
        kv.add('Random start (u = s / n)', v as number, { numFmt: FMT_DECIMAL });
        break;
      case 'startOffset':
        kv.add('Start draw (s = nextBelow(N))', v as number, { numFmt: FMT_INT });
        break;
      case 'requestedSize':
        kv.add('Size asked for', v as number, { numFmt: FMT_COUNT });
        break;
      case 'sizeRaised':
        kv.add('Size raised to one item per stratum', v ? 'yes' : 'no');
        break;
      case 'drawsUsed':
        kv.add('Random words used', v as number, { numFmt: FMT_COUNT });
        break;
      case 'draws': {
        const dr = v as { from?: number; to?: number };
        kv.add('Stream position at start', dr.from ?? null, { numFmt: FMT_INT });
        kv.add('Stream position at end', dr.to ?? null, { numFmt: FMT_INT });
        break;
      }
      case 'range': {
        const rg = v as { start?: number; end?: number };
        kv.add('Index range', `[${rg.start}, ${rg.end})`);
        break;
      }
      case 'notes':
        for (const n of Array.isArray(v) ? v : []) kv.add('Selection note', String(n));
        break;
      case 'strata':
        strata = Array.isArray(v) ? (v as Record<string, unknown>[]) : null;
        break;
      default:
        kv.add(k, typeof v === 'number' ? v : typeof v === 'string' ? v : JSON.stringify(v));
    }
  }
  if (strata) {
    kv.row++;
    headerRow(ws, kv.row++, ['Stratum', 'First population index', 'Items in stratum', 'Quota', 'Allocated']);
    for (const st of strata) {
      tableRow(ws, kv.row++, [
        { value: String(st.label ?? '') },
        { value: typeof st.start === 'number' ? st.start : null, numFmt: FMT_INT },
        { value: typeof st.count === 'number' ? st.count : null, numFmt: FMT_COUNT },
        { value: typeof st.quota === 'number' ? st.quota : null, numFmt: FMT_DECIMAL },
        { value: typeof st.allocated === 'number' ? st.allocated : null, numFmt: FMT_INT },
      ]);
    }
  }

  kv.section('Seed and re-performance');
  kv.add('Seed', view.seed, { mono: true });
  kv.add('Seed material (sorted chain heads, then the auditor value)', view.seedMaterial, { mono: true });
  kv.add('Algorithm', view.algorithm);
  kv.add('How to re-perform', reperformText(view));
  if (view.items.some((i) => i.addition)) {
    kv.add(
      'Items added after the draw',
      `Replacements of items not applicable and extensions continue the same stream from the stream position at end above, skipping members already in the sample (docs/sampling-algorithm.md §4, "Replacing an item that is not applicable, and extending a sample"); each added item's reason and stream positions are on "${SHEET.judgement}".`,
    );
  }

  kv.section('Evaluation by attribute');
  let row = kv.row;
  headerRow(ws, row++, ['Measure', ...attrs.map((a) => cellText(a.name))]);
  const byId = new Map(view.attributes.map((a) => [a.id, a]));
  const line = (
    label: string,
    get: (a: (typeof attrs)[number]) => ExcelJS.CellValue,
    numFmt?: string,
    style?: (a: (typeof attrs)[number]) => 'bad' | 'good' | 'warn' | undefined,
  ) => {
    const l = ws.getCell(row, 1);
    l.value = label;
    l.font = { bold: true };
    l.alignment = { vertical: 'top', wrapText: true };
    l.border = thin;
    attrs.forEach((a, i) => {
      const c = ws.getCell(row, 2 + i);
      const v = get(a);
      c.value = typeof v === 'string' ? textOrNull(v) : v;
      if (numFmt && typeof v === 'number') c.numFmt = numFmt;
      c.alignment = { vertical: 'top', wrapText: true };
      c.border = thin;
      const st = style?.(a);
      if (st) styleVerdict(c, st);
    });
    row++;
  };
  line('Description', (a) => byId.get(a.attributeId)?.description ?? '');
  line(
    'What counts as a deviation',
    (a) => byId.get(a.attributeId)?.deviationDefinition || 'Not defined',
    undefined,
    (a) => (byId.get(a.attributeId)?.deviationDefinition ? undefined : 'warn'),
  );
  line('Items tested', (a) => a.tested, FMT_COUNT);
  line('Not applicable', (a) => a.notApplicable, FMT_COUNT);
  line(
    'Untested',
    (a) => a.untested,
    FMT_COUNT,
    (a) => (a.untested > 0 ? 'warn' : undefined),
  );
  line(
    'Deviations',
    (a) => a.deviations,
    FMT_COUNT,
    (a) => (a.deviations > 0 ? 'bad' : undefined),
  );
  line('Sample deviation rate', (a) => a.evaluation?.sampleDeviationRate ?? null, FMT_PCT);
  line('Upper deviation limit (exact)', (a) => a.evaluation?.upperDeviationLimit ?? null, FMT_PCT_EXACT);
  line('Upper deviation limit (rounded up to 0.1%, as in the AICPA tables)', (a) => a.evaluation?.upperDeviationLimitTable ?? null, FMT_PCT_TABLE);
  line('Allowance for sampling risk', (a) => a.evaluation?.allowanceForSamplingRisk ?? null, FMT_PCT_EXACT);
  line('Tolerable deviation rate', (a) => a.evaluation?.tolerableRate ?? p.tolerableRate, FMT_PCT);
  line('Risk at the tolerable rate, P(X ≤ d)', (a) => a.evaluation?.riskAtTolerable ?? null, FMT_PROB);
  line('Confidence level', (a) => a.evaluation?.confidence ?? p.confidence, FMT_PCT);
  line('Evaluation method', (a) => (a.evaluation ? (METHOD_TEXT[a.evaluation.method] ?? a.evaluation.method) : ''));
  line(
    'Conclusion',
    (a) => {
      if (a.evaluation)
        return a.evaluation.conclusion === 'supports-reliance' ? 'Supports reliance on the control' : 'Does not support reliance on the control';
      if (a.untested > 0) return `Not evaluated: ${a.untested} item${a.untested === 1 ? '' : 's'} untested`;
      if (a.tested === 0) return 'Not evaluated: not applicable to any item';
      return 'Not evaluated';
    },
    undefined,
    (a) => (a.evaluation ? (a.evaluation.conclusion === 'supports-reliance' ? 'good' : 'bad') : a.untested > 0 ? 'warn' : undefined),
  );
  line(
    "Auditor's conclusion",
    (a) => byId.get(a.attributeId)?.conclusion || 'Not written',
    undefined,
    (a) => (byId.get(a.attributeId)?.conclusion ? undefined : 'warn'),
  );
  line('Formula', (a) => a.evaluation?.formula ?? '');
  line('Explanation', (a) => a.evaluation?.explanation ?? '');
  for (const a of attrs) if (a.stratified) row = stratumTable(ws, row + 1, a.name, a.stratified);
  printSetup(ws, view, 'landscape');
}
