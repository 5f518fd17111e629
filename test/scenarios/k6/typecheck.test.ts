import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/** k6 cannot be installed here: the scripts are at least compiled against @types/k6 with their own tsconfig. */
describe("the k6 scripts", () => {
  it("type-check against @types/k6 with scenarios/k6/tsconfig.json", async () => {
    const run = await promisify(execFile)("node_modules/.bin/tsc", ["-p", "scenarios/k6"], { timeout: 60_000 }).then(
      () => ({ ok: true, output: "" }),
      (err: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` }),
    );
    expect(run.output).toBe("");
    expect(run.ok).toBe(true);
  }, 60_000);
});
