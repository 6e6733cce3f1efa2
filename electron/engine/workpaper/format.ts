// What makes a workpaper a Tickmark workpaper: its format, sheet names, the identity marker, the error a
// refused workbook raises, and the shapes of what is written and read back.
import type { AttributeResult } from '../../../shared/session';
import { JUDGEMENT_SHEETS } from './judgement-sheets';

export const WORKPAPER_FORMAT = 'tickmark-workpaper/1';
export const IDENTITY_MARKER = 'Tickmark workpaper identity';

export const SHEET = {
  cover: 'Cover',
  population: 'Population & integrity',
  sample: 'Sample',
  evaluation: 'Evaluation',
  records: 'Sampled records',
  judgement: JUDGEMENT_SHEETS.judgement,
  review: JUDGEMENT_SHEETS.review,
  legend: 'Tickmark legend',
  activity: 'Activity log',
} as const;

/** Row of the Sample sheet's column headers; items follow from the next row, in position order. */
export const SAMPLE_HEADER_ROW = 3;
/** Text of the red banner on the Population sheet (and the start of the warnings on Cover and Sample). */
export const INTEGRITY_BANNER_PREFIX = 'INTEGRITY EXCEPTION';

export class WorkpaperError extends Error {
  override name = 'WorkpaperError';
  /** each problem found, as a sentence (the message holds them all) */
  readonly problems: string[];
  /** the workbook refused: named at the start of the message */
  readonly file?: string;
  constructor(problems: string | string[], file?: string) {
    const list = Array.isArray(problems) ? problems : [problems];
    const where = file === undefined ? '' : `${file}: `;
    super(
      list.length === 1
        ? `${where}${list[0]}; the workbook is refused.`
        : `${where}The workbook is refused (${list.length} problems):\n${list.map((p) => `- ${p}`).join('\n')}`,
    );
    this.problems = list;
    if (file !== undefined) this.file = file;
  }
}

export interface WorkpaperResults {
  sessionId: number;
  items: { itemId: number; position: number; results: Record<number /*attributeId*/, AttributeResult | null>; tickmarks: string[]; notes: string }[];
}

export interface WriteWorkpaperOptions {
  /** the export time printed on the Cover (default: now) */
  exportedAt?: Date;
}
