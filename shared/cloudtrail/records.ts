// CloudTrail records → the fields an auditor filters on (CloudTrail User Guide, "CloudTrail record contents"
// and "CloudTrail userIdentity element"). A log file is {"Records": [event, …]}; each event keeps its index
// in Records[] so that a finding or a sample item leads back to the file and the record.
//   action     eventSource ":" eventName            (s3.amazonaws.com:GetObject)
//   actor      userIdentity: arn, else the invoking service, else principalId, else accountId; its type
//   outcome    "failure" when the record carries an errorCode, else "success"
//   target     the first resources[].ARN, else a well-known request parameter naming the object acted on
import { parseRfc3339 } from '../time';

export interface CloudTrailRecordFields {
  /** the index in Records[] */
  index: number;
  ts: string;
  tsMs: number;
  action: string;
  actorId: string;
  actorType: string;
  outcome: 'success' | 'failure';
  target: string | null;
  sourceIp: string | null;
  eventId: string | null;
  region: string | null;
  /** the record as it is in the file */
  record: Record<string, unknown>;
}

export interface CloudTrailRecordProblem {
  /** the index in Records[], or null when the file itself is not a log file */
  index: number | null;
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Request parameters that name the thing acted on, in the order they are tried. */
const TARGET_PARAMETERS = [
  'key',
  'bucketName',
  'instanceId',
  'roleName',
  'userName',
  'groupName',
  'policyArn',
  'functionName',
  'tableName',
  'keyId',
  'secretId',
  'name',
];

function actorOf(u: unknown): { actorId: string; actorType: string } {
  if (!isObj(u)) return { actorId: 'unknown', actorType: 'Unknown' };
  const actorId = str(u['arn']) ?? str(u['invokedBy']) ?? str(u['principalId']) ?? str(u['accountId']) ?? 'unknown';
  return { actorId, actorType: str(u['type']) ?? 'Unknown' };
}

function targetOf(r: Obj): string | null {
  const resources = r['resources'];
  if (Array.isArray(resources)) {
    for (const x of resources) {
      const arn = isObj(x) ? str(x['ARN']) : null;
      if (arn) return arn;
    }
  }
  const p = r['requestParameters'];
  if (isObj(p)) {
    for (const name of TARGET_PARAMETERS) {
      const v = str(p[name]);
      if (v) return name === 'key' && str(p['bucketName']) ? `${str(p['bucketName'])}/${v}` : v;
    }
  }
  return null;
}

/** The records of one parsed log file, each mapped; records that cannot be mapped are problems, by index. */
export function recordsOf(logFile: unknown): { records: CloudTrailRecordFields[]; problems: CloudTrailRecordProblem[] } {
  const records: CloudTrailRecordFields[] = [];
  const problems: CloudTrailRecordProblem[] = [];
  const list = isObj(logFile) ? logFile['Records'] : undefined;
  if (!Array.isArray(list)) return { records, problems: [{ index: null, message: 'is not a CloudTrail log file: it has no Records array' }] };
  list.forEach((r, index) => {
    if (!isObj(r)) return void problems.push({ index, message: `Records[${index}] is not an object` });
    const ts = str(r['eventTime']);
    const tsMs = ts === null ? null : parseRfc3339(ts);
    if (ts === null || tsMs === null) return void problems.push({ index, message: `Records[${index}] has no valid eventTime` });
    const source = str(r['eventSource']);
    const name = str(r['eventName']);
    if (source === null || name === null) return void problems.push({ index, message: `Records[${index}] lacks eventSource or eventName` });
    records.push({
      index,
      ts,
      tsMs,
      action: `${source}:${name}`,
      ...actorOf(r['userIdentity']),
      outcome: str(r['errorCode']) ? 'failure' : 'success',
      target: targetOf(r),
      sourceIp: str(r['sourceIPAddress']),
      eventId: str(r['eventID']),
      region: str(r['awsRegion']),
      record: r,
    });
  });
  return { records, problems };
}
