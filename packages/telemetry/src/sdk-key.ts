/**
 * Where startTelemetry keeps the SDK it started: on globalThis, because the `--import` entry and
 * the app are bundled separately in production and do not share module state. Its presence is
 * what "tracing on" means to the rest of the code.
 */
export const SDK_KEY = Symbol.for("dispatcher.telemetry.sdk");
