import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadReportSchema } from "../../scenarios/engine/report.js";
import { startTestApi } from "../support/server.js";
import { runVolley } from "./cli-output.js";

const dir = mkdtempSync(join(tmpdir(), "volley-load-vars-"));

describe("volley load on a server's own data", () => {
  it("lists what a scenario needs and where each value may come from", async () => {
    expect(await runVolley(["load", "nestmtx-request", "--list-vars"])).toMatchSnapshot();
  }, 90_000);

  it("takes the target from VOLLEY_TARGET, the token from VOLLEY_VAR_TOKEN and the credential id from --fixtures", async () => {
    const { url } = await startTestApi("nestmtx");
    const fixtures = join(dir, "fixtures.json");
    // The file `volley conformance --fixtures` reads for this server, keyed by API name.
    writeFileSync(fixtures, JSON.stringify({ nestmtx: { existing: { credentials: 1 } } }));
    const report = join(dir, "report");
    const run = await runVolley(
      [
        "load",
        "nestmtx-request",
        "--vus",
        "1",
        "--rate",
        "10",
        "--duration",
        "0.5",
        "--fixtures",
        fixtures,
        "--report",
        report,
      ],
      { env: { VOLLEY_TARGET: url, VOLLEY_VAR_TOKEN: "oat_demo-admin-token" }, dir },
    );
    expect(run.code, run.output).toBe(0);
    const written = loadReportSchema.parse(JSON.parse(readFileSync(join(report, "report.json"), "utf8")));
    expect(written.target).toBe(url);
    // A camera was created with credential 1 (a number, as the fixtures file has it) and then read and deleted.
    expect(written.metrics.create?.outcomes.delivered).toBe(1);
    expect(written.metrics.read?.outcomes.errored).toBe(0);
    expect(written.metrics.delete?.outcomes.delivered).toBe(1);
  }, 90_000);
});
