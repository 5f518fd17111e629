import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { resolveServerOptions } from "../../reference-server/options.js";
import { conformance } from "../../src/cli/conformance.js";
import { mainToken, serverFixtures, suiteFixtures } from "../conformance/antimony/reference.js";
import { startTestApi } from "../support/server.js";
import { volley } from "./cli-process.js";
import { demo } from "./hostile/honest-client.js";

/** Every file under `dir`, read as text: reports, replay files, JUnit, HTML. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((p) => statSync(p).isFile())
    .map((p) => readFileSync(p, "utf8"))
    .join("\n");
}

/** An address of this machine that is not loopback, if it has one. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i !== undefined && i.family === "IPv4" && !i.internal)?.address;

describe("safe defaults", () => {
  it("binds the reference server to 127.0.0.1 unless told otherwise", async () => {
    expect(resolveServerOptions({}).host).toBe("127.0.0.1");
    const { url } = await startTestApi("command-network");
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each([
    ["--host ''", ["--host", ""], {}],
    ["an empty VOLLEY_HOST", [], { VOLLEY_HOST: "" }],
    ["a blank --host", ["--host", "  "], {}],
  ])(
    "refuses %s (which would bind every interface) with a usage error, exit 2",
    async (_, args, env) => {
      const serve = volley(["serve", "--api", "command-network", "--port", "0", ...args], env);
      expect(await serve.exit(30_000)).toBe(2);
      expect(serve.stderr()).toMatch(
        /^volley: invalid server options: .*an empty host would bind every interface.*\n$/,
      );
    },
    40_000,
  );

  it.skipIf(outside === undefined)("cannot be reached on this machine's other addresses", async () => {
    const { server } = await startTestApi("command-network");
    const port = server.apis[0]?.port ?? 0;
    const outcome = await new Promise<string>((resolve) => {
      const socket = createConnection({ host: outside, port });
      socket.setTimeout(2_000, () => resolve("timeout"));
      socket.once("connect", () => resolve("connected"));
      socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
    });
    expect(outcome).not.toBe("connected");
  });

  it("never writes a token given through the environment to conformance output, reports or replay files", async () => {
    const { url } = await startTestApi("antimony", {
      fixtures: serverFixtures,
      options: { simulation: { deployMs: 20, logLinesPerSecond: 0 }, fault: "antimony.wrong-error-code" },
    });
    const dir = mkdtempSync(join(tmpdir(), "volley-secrets-"));
    writeFileSync(join(dir, "fixtures.json"), JSON.stringify(suiteFixtures));
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await conformance(
        {
          api: "antimony",
          target: url,
          fixtures: join(dir, "fixtures.json"),
          checks: "antimony.auth,antimony.lab-commands.unknown-lab-5005",
          json: join(dir, "report.json"),
          junit: join(dir, "report.xml"),
          replayDir: join(dir, "replays"),
          timeout: "1000",
        },
        { VOLLEY_TOKEN: mainToken },
      );
    } finally {
      spy.mockRestore();
    }
    // The fault makes one check fail, so a replay file with a transcript is written too.
    expect(code).toBe(1);
    expect(readdirSync(join(dir, "replays")).length).toBeGreaterThan(0);
    const output = written.join("") + allText(dir);
    expect(output).toContain(mainToken.slice(0, 4));
    expect(output).not.toContain(mainToken);
    // Not even the signature alone: a token's last part is what makes it usable.
    expect(output).not.toContain(mainToken.split(".")[2]);
  }, 60_000);

  it("never writes a token from a load script to the load output or its reports", async () => {
    const { url } = await startTestApi("antimony", { options: { simulation: { logLinesPerSecond: 0 } } });
    const token = demo.antimonyToken("alice");
    const dir = mkdtempSync(join(tmpdir(), "volley-load-secrets-"));
    writeFileSync(
      join(dir, "list.yml"),
      [
        "config: { target: 'http://127.0.0.1:1' }",
        "scenarios:",
        "  - engine: volley",
        `    volley: { namespace: /lab-commands, auth: { token: "{{var.token}}" } }`,
        "    flow:",
        "      - emitAck: { event: data, args: [{ labId: lab-alpha, command: 5 }], metric: list, errorField: code }",
      ].join("\n"),
    );
    const run = volley([
      ...["load", join(dir, "list.yml"), "--target", url, "--vus", "2"],
      ...["--var", `token=${token}`, "--report", join(dir, "report")],
    ]);
    expect(await run.exit(60_000)).toBe(0);
    const output = run.stdout() + run.stderr() + allText(join(dir, "report"));
    expect(output).toContain("list");
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split(".")[2]);
  }, 90_000);
});
