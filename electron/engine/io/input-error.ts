// Input that cannot be used at all (a file, an archive entry, a line), located as precisely as possible:
// the CLI's exit 2, the UI's refused import. Its own file so that every reader can throw it.
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
  }
}
