import { describe, expect, it } from "vitest";
import { ConfigError, loadTelemetryConfig, tracesProtocolOf } from "../src/index.js";

describe("telemetry config: the OTLP protocol", () => {
  it.each([
    [{}, "http/protobuf"],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" }, "http/json"],
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf" },
      "http/protobuf",
    ],
    [{ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json" }, "http/json"],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: "", OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "" }, "http/protobuf"],
  ])("%j exports traces as %s", (env, protocol) => {
    expect(tracesProtocolOf(loadTelemetryConfig(env))).toBe(protocol);
  });

  it("refuses grpc at start, naming the setting and what to use instead", () => {
    for (const name of ["OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"]) {
      const load = () => loadTelemetryConfig({ [name]: "grpc" });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(new RegExp(`${name}.*grpc is not supported.*http/protobuf`, "s"));
    }
  });

  it("refuses an unknown protocol, listing the known ones", () => {
    expect(() => loadTelemetryConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: "http/xml" })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL.*must be one of http\/protobuf, http\/json/s,
    );
  });
});
