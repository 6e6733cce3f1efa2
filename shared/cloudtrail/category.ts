// The event category Tickmark gives a CloudTrail record (CloudTrail User Guide, "CloudTrail record contents":
// eventCategory, readOnly, eventType). CloudTrail names no category of its own in Tickmark's sense, so this is
// Tickmark's reading, stated here and in docs/cloudtrail-kit.md so an auditor can re-perform it:
//   auth           sign-in and session credentials (signin ConsoleLogin, sts AssumeRole*/GetSessionToken/…)
//   admin          a write to identities and their permissions (iam, identitystore, sso, organizations)
//   phi_access     a data event (eventCategory "Data": object-level reads and writes, where ePHI lives)
//   config_change  any other management write (readOnly false)
//   system         management reads and AWS service events
import type { Category } from '../types';

const AUTH_SOURCES = new Set(['signin.amazonaws.com']);
const AUTH_STS = /^(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|GetSessionToken|GetFederationToken)$/;
const IDENTITY_SOURCES = new Set(['iam.amazonaws.com', 'identitystore.amazonaws.com', 'sso.amazonaws.com', 'organizations.amazonaws.com']);

export function cloudTrailCategory(r: Record<string, unknown>): Category {
  const source = r['eventSource'];
  const name = r['eventName'];
  if (typeof source === 'string' && AUTH_SOURCES.has(source)) return 'auth';
  if (source === 'sts.amazonaws.com' && typeof name === 'string' && AUTH_STS.test(name)) return 'auth';
  if (r['eventCategory'] === 'Data') return 'phi_access';
  if (r['eventType'] === 'AwsServiceEvent') return 'system';
  const readOnly = r['readOnly'] === true || r['readOnly'] === 'true';
  if (readOnly) return 'system';
  if (typeof source === 'string' && IDENTITY_SOURCES.has(source)) return 'admin';
  return 'config_change';
}

/** Whether the record says MFA was used: a console sign-in's additionalEventData.MFAUsed, else the session's
 *  mfaAuthenticated attribute; null when the record does not say. */
export function cloudTrailMfa(r: Record<string, unknown>): boolean | null {
  const extra = r['additionalEventData'];
  if (extra && typeof extra === 'object' && !Array.isArray(extra)) {
    const used = (extra as Record<string, unknown>)['MFAUsed'];
    if (used === 'Yes') return true;
    if (used === 'No') return false;
  }
  const u = r['userIdentity'];
  const ctx = u && typeof u === 'object' ? (u as Record<string, unknown>)['sessionContext'] : undefined;
  const attrs = ctx && typeof ctx === 'object' ? (ctx as Record<string, unknown>)['attributes'] : undefined;
  const m = attrs && typeof attrs === 'object' ? (attrs as Record<string, unknown>)['mfaAuthenticated'] : undefined;
  return m === 'true' ? true : m === 'false' ? false : null;
}
