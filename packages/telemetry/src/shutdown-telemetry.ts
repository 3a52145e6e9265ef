import { SDK_KEY } from "./sdk-key.js";

/**
 * Flushes and stops the SDK startTelemetry started, if it did: the spans still buffered are
 * exported. Waits at most `timeoutMs`; never throws (telemetry must not fail a shutdown).
 */
export async function shutdownTelemetry(timeoutMs = 5_000): Promise<void> {
  const sdk = (globalThis as { [SDK_KEY]?: { shutdown: () => Promise<void> } })[SDK_KEY];
  if (!sdk) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    sdk.shutdown().catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}
