import { Secret } from "@dispatcher/core";
import { describe, expect, it } from "vitest";
import { ADAPTER_SETTINGS_CHECK } from "../src/index.js";

const { check, kinds } = ADAPTER_SETTINGS_CHECK;

describe("the check of each kind's own settings (ADAPTER_SETTINGS_CHECK)", () => {
  it("knows every adapter kind", () => {
    expect(kinds).toEqual(expect.arrayContaining(["webhook", "twilio", "aws-sms"]));
  });

  it("names every bad webhook field, refuses a credential written in clear, and never echoes it", () => {
    const problems = check("webhook", { authKey: "written-in-clear", color: "red", optOutStatus: 700 });
    expect(problems).toEqual(
      expect.arrayContaining([
        "url is required",
        'authKey must be {"env": "VARIABLE"} or {"file": "/path"}: credentials are never written into PROVIDERS',
        '(entry) has an unknown field "color"',
        "optOutStatus must be <= 599",
      ]),
    );
    expect(problems.join(" ")).not.toContain("written-in-clear");
  });

  it("fills in a kind's defaults", () => {
    const settings: Record<string, unknown> = {
      url: "https://sms.example/send",
      authKey: new Secret("k", "test"),
    };
    expect(check("webhook", settings)).toEqual([]);
    expect(settings).toMatchObject({ authHeader: "x-ins-auth-key", optOutStatus: 0, optOutCode: "" });
  });

  it("refuses a kind no adapter has", () => {
    expect(check("carrier-pigeon", {})).toEqual(["kind carrier-pigeon has no adapter"]);
  });
});
