// The sampling workpaper (one Excel workbook per sampling session): what the rest of the engine, the CLI and
// the tests use of it. write.ts says what the workbook holds and how it round-trips.
export { WORKPAPER_FORMAT, IDENTITY_MARKER, SHEET, SAMPLE_HEADER_ROW, INTEGRITY_BANNER_PREFIX, WorkpaperError } from './format';
export type { WorkpaperResults, WriteWorkpaperOptions } from './format';
export { cellText, rowFingerprint, itemsDigest } from './values';
export { writeWorkpaper } from './write';
export { readWorkpaperResults } from './read-results';
export { exportWorkpaper, applyWorkpaper } from './io';
