// Tickmark's reading of a CloudTrail record's category and MFA (shared/cloudtrail/category.ts), per the
// fields the CloudTrail User Guide documents (eventSource, eventName, eventCategory, eventType, readOnly,
// additionalEventData.MFAUsed, userIdentity.sessionContext.attributes.mfaAuthenticated).
import { describe, expect, it } from 'vitest';
import { cloudTrailCategory, cloudTrailMfa } from '../../shared/cloudtrail/category';

const rec = (o: Record<string, unknown>): Record<string, unknown> => ({ eventType: 'AwsApiCall', ...o });

describe('cloudTrailCategory', () => {
  it.each([
    [{ eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn' }, 'auth'],
    [{ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRoleWithSAML', readOnly: true }, 'auth'],
    [{ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', readOnly: true }, 'system'],
    [{ eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventCategory: 'Data', readOnly: true }, 'phi_access'],
    [{ eventSource: 'iam.amazonaws.com', eventName: 'AttachUserPolicy', readOnly: false }, 'admin'],
    [{ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', readOnly: true }, 'system'],
    [{ eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', readOnly: false }, 'config_change'],
    [{ eventSource: 'kms.amazonaws.com', eventName: 'RotateKey', eventType: 'AwsServiceEvent' }, 'system'],
  ])('%o → %s', (r, want) => expect(cloudTrailCategory(rec(r))).toBe(want));
});

describe('cloudTrailMfa', () => {
  it('reads a console sign-in MFAUsed, else the session attribute, else says nothing', () => {
    expect(cloudTrailMfa({ additionalEventData: { MFAUsed: 'Yes' } })).toBe(true);
    expect(cloudTrailMfa({ additionalEventData: { MFAUsed: 'No' } })).toBe(false);
    expect(cloudTrailMfa({ userIdentity: { sessionContext: { attributes: { mfaAuthenticated: 'true' } } } })).toBe(true);
    expect(cloudTrailMfa({ userIdentity: { sessionContext: { attributes: { mfaAuthenticated: 'false' } } } })).toBe(false);
    expect(cloudTrailMfa({ userIdentity: { type: 'AWSService' } })).toBeNull();
  });
});
