// The two ways a vendor chain can be unusable before any integrity check: the auditor's profile is not a
// profile (ProfileError names the member at fault), or the export cannot be read as the profile says
// (VendorChainInputError names the file and line). Both are exit 2 at the CLI: nothing was verified.

export class ProfileError extends Error {
  override name = 'ProfileError';
  constructor(
    message: string,
    readonly file: string,
    /** the member at fault, as a dotted path ("recipe.encoding"), or null for the whole file */
    readonly member: string | null,
    readonly line?: number,
  ) {
    super(message);
  }
}

export class VendorChainInputError extends Error {
  override name = 'VendorChainInputError';
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
  }
}
