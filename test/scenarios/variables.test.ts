import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, readDeclared } from "../../src/cli/scenario-vars.js";
import { embeddedLoadCredentials, embeddedLoadFixtures } from "../../src/embedded/load-runs.js";

const scenarios = join(import.meta.dirname, "..", "..", "scenarios");
const names = readdirSync(scenarios)
  .filter((f) => f.endsWith(".yml"))
  .map((f) => f.slice(0, -".yml".length));
const fixturesFile = join(mkdtempSync(join(tmpdir(), "volley-vars-")), "fixtures.json");
writeFileSync(fixturesFile, JSON.stringify(embeddedLoadFixtures()));

describe("a ready scenario's variables", () => {
  it.each(names)("%s declares, with a description, every {{var.NAME}} it uses", (name) => {
    const { raw, declaration } = readDeclared(join(scenarios, `${name}.yml`));
    const used = [...JSON.stringify(raw).matchAll(/\{\{var\.([\w-]+)\}\}/g)].map((m) => m[1]);
    expect(Object.keys(declaration.needs).sort()).toEqual([...new Set(used)].sort());
    expect(declaration.api, "config.volley.api").toBeDefined();
  });

  it.each(names)("%s runs on the demo data given as a user's own (fixtures file and credentials)", (name) => {
    const path = join(scenarios, `${name}.yml`);
    const api = readDeclared(path).declaration.api;
    const vars = api === undefined ? {} : embeddedLoadCredentials(api);
    expect(() => loadScenario(path, { vars, env: {}, fixturesFile })).not.toThrow();
  });

  it("take --var before VOLLEY_VAR_<NAME> before the fixtures file, and an id's digits as a number", () => {
    const path = join(scenarios, "nestmtx-request.yml");
    const fromFixtures = loadScenario(path, { vars: {}, env: { VOLLEY_VAR_TOKEN: "env-token" }, fixturesFile });
    const fromEnv = loadScenario(path, {
      vars: { token: "flag-token" },
      env: { VOLLEY_VAR_TOKEN: "env-token", VOLLEY_VAR_CREDENTIAL: "7" },
      fixturesFile,
    });
    const connection = (s: typeof fromEnv) => s.script.scenarios[0]?.volley.auth;
    const createPayload = (s: typeof fromEnv) => JSON.stringify(s.script.scenarios[0]?.flow[1]);
    expect(connection(fromFixtures)).toEqual({ token: "env-token" });
    expect(connection(fromEnv)).toEqual({ token: "flag-token" });
    expect(createPayload(fromFixtures)).toContain('"credential_id":1,');
    expect(createPayload(fromEnv)).toContain('"credential_id":7,');
  });
});
