import type { Logger } from "@dispatcher/runtime";

/**
 * Runs `pass` every `intervalMs`; the next run is scheduled once the last has ended, so runs
 * never overlap. A failing run is logged with `failure` (at `failureLevel`, default warn) and the
 * next one tries again. Returns a function that stops the runs and waits for one in progress.
 */
export function startPeriodic(
  options: {
    intervalMs: number;
    logger: Pick<Logger, "warn" | "error">;
    failure: string;
    failureLevel?: "warn" | "error";
  },
  pass: () => Promise<void>,
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass()
        .catch((error: unknown) =>
          options.logger[options.failureLevel ?? "warn"]({ err: error }, options.failure),
        )
        .finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
