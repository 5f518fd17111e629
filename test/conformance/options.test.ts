import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeOptions, resolveConformanceOptions } from "../../conformance/options.js";

const dir = mkdtempSync(join(tmpdir(), "volley-options-"));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
};

const resolve = (flags: object, env: Record<string, string> = {}, configFile?: string) =>
  resolveConformanceOptions({ flags, env, randomSeed: 99, ...(configFile === undefined ? {} : { configFile }) });

describe("conformance options", () => {
  it("takes flags over env over config file over defaults", () => {
    const config = file("config.json", { api: "antimony", target: "http://config:1", runs: 3, timeout: 111, seed: 5 });
    const r = resolve(
      { runs: "7" },
      { VOLLEY_RUNS: "6", VOLLEY_TIMEOUT: "222", VOLLEY_TARGET: "http://env:2" },
      config,
    );
    expect(r).toMatchObject({
      ok: true,
      value: {
        api: "antimony",
        target: "http://env:2",
        runs: 7,
        timeoutMs: 222,
        seed: 5,
        silenceMs: 300,
        sioVersion: "auto",
      },
    });
  });

  it("uses the random seed when none is given, and freezes the result", () => {
    const r = resolve({ api: "nestmtx", target: "http://127.0.0.1:1/" });
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toMatchObject({ seed: 99, target: "http://127.0.0.1:1", checks: [], deadlineMs: 30_000 });
    expect(Object.isFrozen(r.value) && Object.isFrozen(r.value.credentials)).toBe(true);
  });

  it("scales the default check deadline with --runs unless a deadline is given", () => {
    expect(resolve({ api: "nestmtx", target: "http://t:1", runs: "100" })).toMatchObject({
      value: { deadlineMs: 150_000 },
    });
    expect(resolve({ api: "nestmtx", target: "http://t:1", runs: "100", deadline: "5" })).toMatchObject({
      value: { deadlineMs: 5 },
    });
  });

  it("reads the fixtures entry named after the API from a file keyed by API name", () => {
    const fixtures = file("fixtures.json", { antimony: { labs: ["l1"] }, nestmtx: { cameras: [] } });
    const r = resolve({ api: "antimony", target: "http://t:1", fixtures });
    expect(r).toMatchObject({ ok: true, value: { fixtures: { labs: ["l1"] }, fixturesFile: fixtures } });
  });

  it.each([
    [{ target: "http://t:1" }, "--api is required"],
    [{ api: "antimony" }, "--target is required"],
    [{ api: "antimony", target: "ftp://t" }, "invalid flags"],
    [{ api: "antimony", target: "http://t:1", sioVersion: "3" }, "invalid flags"],
    [{ api: "antimony", target: "http://t:1", fixtures: "/nonexistent.json" }, "cannot read fixtures file"],
  ])("refuses %j with a usage message", (flags, message) => {
    expect(resolve(flags)).toEqual({ ok: false, message: expect.stringContaining(message) });
  });

  it("names the bad source: a malformed env value or config file", () => {
    expect(resolve({}, { VOLLEY_RUNS: "many" })).toEqual({
      ok: false,
      message: expect.stringContaining("invalid environment"),
    });
    expect(resolve({}, {}, file("bad.json", "{"))).toEqual({
      ok: false,
      message: expect.stringContaining("not valid JSON"),
    });
  });

  it("reads --exclude, --restart and --allow-skips from flags, VOLLEY_* and the config file alike", () => {
    const config = file("run.json", { exclude: ["antimony.model"], restart: "docker restart lab" });
    expect(resolve({ api: "antimony", target: "http://t:1" }, {}, config)).toMatchObject({
      value: { exclude: ["antimony.model"], restart: "docker restart lab", allowSkips: false },
    });
    const env = {
      VOLLEY_EXCLUDE: "antimony.logs,antimony.shells.open",
      VOLLEY_RESTART: "./up.sh",
      VOLLEY_ALLOW_SKIPS: "1",
    };
    expect(resolve({ api: "antimony", target: "http://t:1" }, env, config)).toMatchObject({
      value: { exclude: ["antimony.logs", "antimony.shells.open"], restart: "./up.sh", allowSkips: true },
    });
    expect(resolve({ api: "antimony", target: "http://t:1", allowSkips: false }, env)).toMatchObject({
      value: { allowSkips: false },
    });
  });

  it("parses an expectations file and refuses a malformed one", () => {
    const good = file("exp.json", { expectedFailures: { "antimony.labs.unknown-lab": "answers 5000" } });
    expect(resolve({ api: "antimony", target: "http://t:1", expectations: good })).toMatchObject({
      ok: true,
      value: { expectations: { expectedFailures: { "antimony.labs.unknown-lab": "answers 5000" } } },
    });
    const bad = file("exp-bad.json", { expectedFailures: { "not an id": 1 } });
    expect(resolve({ api: "antimony", target: "http://t:1", expectations: bad })).toMatchObject({ ok: false });
  });

  it("never shows a credential in full", () => {
    const r = resolve({
      api: "antimony",
      target: "http://t:1",
      token: "eyJhbGciOiJIUzI1NiJ9.secret",
      password: "hunter2",
      user: "ada",
    });
    if (!r.ok) throw new Error(r.message);
    const text = describeOptions(r.value);
    expect(text).not.toContain("secret");
    expect(text).not.toContain("hunter2");
    expect(text).toContain("user=ada");
  });
});
