/**
 * A progress writer: each call prints one line to stderr, `[+12.3s] scope: text`, with the time
 * since the writer was made. stdout stays free for the results table.
 */
export function createProgress(startedAt = performance.now()): (scope: string, text: string) => void {
  return (scope, text) => {
    const elapsed = ((performance.now() - startedAt) / 1000).toFixed(1);
    process.stderr.write(`[+${elapsed}s] ${scope}: ${text}\n`);
  };
}
