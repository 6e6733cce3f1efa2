// A host's last line of defence (the web host, the desktop main process): an error nothing caught (an
// 'error' event nobody listens to, a rejected promise nobody awaits) is logged and the process keeps
// running, instead of Node's default of ending it and every job in it. The engine turns bad input into
// refused jobs itself; this only keeps a slip there from taking the auditor's session down.

/** Installs the handlers; returns a function that removes them. */
export function keepRunningOnUncaughtErrors(host: string, log: (line: string) => void = (l) => console.error(l)): () => void {
  const onException = (e: unknown): void =>
    log(`${host}: an uncaught error was logged and the app keeps running: ${(e as Error)?.stack ?? String(e)}`);
  const onRejection = (e: unknown): void =>
    log(`${host}: an unhandled rejection was logged and the app keeps running: ${(e as Error)?.stack ?? String(e)}`);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
