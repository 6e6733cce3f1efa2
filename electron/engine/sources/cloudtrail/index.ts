// CloudTrail export kits (issue #14), shaped for the engine's coming source seam: `detect` says whether a
// path is ours, `verifyKit` checks a kit from its bytes against the auditor's pinned keys, and `recordsOf`
// maps a log file's records to the fields an auditor filters on.
export { detectCloudTrail as detect, openKitSource } from './kit-source';
export { verifyKit, verifyLakeSource, verifyCloudTrailPath } from './verify-kit';
export { readPinFiles } from './keys';
export { recordsOf } from '../../../../shared/cloudtrail/records';
export type { CloudTrailKitReport, CloudTrailChainReport } from '../../../../shared/cloudtrail/report';
