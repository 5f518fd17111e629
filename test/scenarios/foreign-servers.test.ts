import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type LoadReport, loadReportSchema } from "../../scenarios/engine/report.js";
import { startAntimonyServer } from "../conformance/blind/antimony-server.js";
import { startVariationServer as startCirclesChat } from "../conformance/circles-chat/variation-server.js";
import { variationFixtures as circlesFixtures } from "../conformance/circles-chat/variation-world.js";
import { startVariationServer as startCommandNetwork } from "../conformance/command-network/variation-server.js";
import { startVariantServer, VARIANT_USER } from "../conformance/neoruntime/variant-server.js";
import { startVariationServer as startNestmtx } from "../conformance/nestmtx/variation-server.js";
import { volley } from "../reliability/cli-process.js";

/*
 * Issue 13, "How it is checked": every ready scenario, run through the CLI as a new user would, unedited, against
 * a server Volley did not write (one per API, each choosing otherwise than our reference server wherever its
 * document lets it), with that server's own credentials; exit 0, and every message accounted for.
 */

const dir = mkdtempSync(join(tmpdir(), "volley-foreign-"));
const closers: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(closers.map((close) => close())));

let runs = 0;
/** `volley load <scenario> --target <url> --duration 1 ...args` in its own process; its exit code and report. */
async function load(scenario: string, url: string, args: readonly string[]) {
  const report = join(dir, `${scenario}-${++runs}`);
  const run = volley(["load", scenario, "--target", url, "--duration", "1", "--report", report, ...args]);
  const code = await run.exit(60_000);
  if (!existsSync(join(report, "report.json"))) throw new Error(`no report, exit ${code}: ${run.stderr()}`);
  const json: unknown = JSON.parse(readFileSync(join(report, "report.json"), "utf8"));
  return { code, stderr: run.stderr(), report: loadReportSchema.parse(json) };
}

const outcomes = (r: LoadReport, metric: string) => r.metrics[metric]?.outcomes;
const all = (n: number) => ({ delivered: n, lost: 0, errored: 0, timedOut: 0 });
/** What the open loops sent, from the report's per-second totals: every one must end in one outcome. */
const sentByLoops = (r: LoadReport) => (r.totals ?? []).reduce((n, t) => n + t.sent, 0);
const settled = (r: LoadReport, metrics: readonly string[]) =>
  metrics.reduce((n, m) => {
    const o = outcomes(r, m);
    return n + (o === undefined ? 0 : o.delivered + o.lost + o.errored + o.timedOut);
  }, 0);

describe.concurrent("scenarios against servers Volley did not write", () => {
  it("command-network on Socket.IO 2 with a beacon of its own: commands acked, fan-out copies = sends x receivers, the beacon apart", async () => {
    const server = await startCommandNetwork({ sio: 2 });
    closers.push(server.close);
    const request = await load("command-network-request", server.url, ["--vus", "2", "--rate", "20"]);
    expect(request.code, request.stderr).toBe(0);
    expect(outcomes(request.report, "command")).toEqual(all(20));
    expect(sentByLoops(request.report)).toBe(20);

    // 1 sender and 2 receivers; the server's heartbeat commands carry no sequence number: not the sender's.
    const fanout = await load("command-network-fanout", server.url, ["--vus", "3", "--rate", "10"]);
    expect(fanout.code, fanout.stderr).toBe(0);
    expect(outcomes(fanout.report, "sent")).toEqual(all(10));
    expect(outcomes(fanout.report, "received")).toEqual(all(20));
    expect(outcomes(fanout.report, "fanout:last")).toEqual(all(10));
    expect(outcomes(fanout.report, "received:other")?.delivered).toBeGreaterThan(0);
  }, 90_000);

  it("command-network that departs from its document: refusals and stripped commands fail the run with their causes", async () => {
    const [refusing, stripping] = await Promise.all([
      startCommandNetwork({ sio: 2, defects: ["refuse-register"] }),
      startCommandNetwork({ sio: 2, defects: ["drop-meta"] }),
    ]);
    closers.push(refusing.close, stripping.close);
    const [request, fanout] = await Promise.all([
      load("command-network-request", refusing.url, ["--vus", "2", "--rate", "20"]),
      load("command-network-fanout", stripping.url, ["--vus", "3", "--rate", "10"]),
    ]);
    expect(request.code).toBe(1);
    expect(request.report.status).toMatch(/^failed: no message was delivered \(command: .+ x20, register: .+ x2\)$/);
    expect(sentByLoops(request.report)).toBe(settled(request.report, ["command"]));
    // Commands delivered without the meta that numbers them: none is recognisably the sender's.
    expect(fanout.code).toBe(1);
    expect(fanout.report.status).toMatch(/^failed: received:other: \d+ pushes without the sender's sequence number/);
    expect(outcomes(fanout.report, "sent")).toEqual(all(10));
  }, 90_000);

  it("nestmtx with numeric ids and a wrapped create answer: every request answered; its log lines counted while it works", async () => {
    const server = await startNestmtx();
    closers.push(server.close);
    const token = ["--var", `token=${server.token}`];
    // It logs every request: the flood has lines while the request scenario runs beside it.
    const [request, flood] = await Promise.all([
      load("nestmtx-request", server.url, [...token, "--var", "credential=1", "--vus", "2", "--rate", "20"]),
      load("nestmtx-log-flood", server.url, [...token, "--vus", "2"]),
    ]);
    expect(request.code, request.stderr).toBe(0);
    for (const loop of ["list", "read", "update"]) expect(outcomes(request.report, loop)).toEqual(all(20));
    expect(outcomes(request.report, "create")).toEqual(all(2));
    expect(outcomes(request.report, "delete")).toEqual(all(2));
    expect(sentByLoops(request.report)).toBe(settled(request.report, ["list", "read", "update"]));
    expect(flood.code, flood.stderr).toBe(0);
    expect(outcomes(flood.report, "log")?.delivered).toBeGreaterThan(0);
    expect(flood.report.metrics.log?.outcomes).toMatchObject({ lost: 0, errored: 0, timedOut: 0 });

    const storm = await load("nestmtx-connect-storm", server.url, [...token, "--vus", "5"]);
    expect(storm.code, storm.stderr).toBe(0);
    expect(outcomes(storm.report, "connect")).toEqual(all(5));
  }, 90_000);

  it("circles-chat on Socket.IO 2 whose messages wrap the text: given by its fixtures file, copies = sends x receivers", async () => {
    const server = await startCirclesChat();
    closers.push(server.close);
    const fixtures = join(dir, "circles-chat-fixtures.json");
    writeFileSync(fixtures, JSON.stringify(circlesFixtures(server.url)));
    const fanout = await load("circles-chat-fanout", server.url, [
      "--fixtures",
      fixtures,
      "--vus",
      "3",
      "--rate",
      "10",
    ]);
    expect(fanout.code, fanout.stderr).toBe(0);
    expect(outcomes(fanout.report, "sent:message")).toEqual(all(10));
    expect(outcomes(fanout.report, "received")).toEqual(all(20));
    expect(outcomes(fanout.report, "fanout:first")).toEqual(all(10));
    expect(fanout.report.metrics.received?.latency.max).toBeGreaterThan(0);
  }, 90_000);

  it("antimony deploying after its ack, with free-text log lines and no echo promise: lines counted, unmeasured said, shells typed", async () => {
    const server = await startAntimonyServer();
    closers.push(server.close);
    const fixtures = join(dir, "antimony-fixtures.json");
    writeFileSync(fixtures, JSON.stringify(server.fixtures));
    // Its fixtures name the lab and nodes; the token is given apart, as to volley conformance --token.
    const given = ["--fixtures", fixtures, "--var", `token=${server.tokens.alice}`];
    const flood = await load("antimony-log-flood", server.url, [...given, "--vus", "2"]);
    expect(flood.code, flood.stderr).toBe(0);
    const line = flood.report.metrics.line;
    expect(line?.outcomes).toMatchObject({ lost: 0, errored: 0, timedOut: 0 });
    expect(line?.unmeasured?.sequence).toBe(line?.outcomes.delivered);
    expect(flood.report.status).toMatch(/^ok, but line: loss and order not measured for \d+ of \d+/);

    // 10 lines a second shared by 2 users for 1 s, and an end marker each.
    const shell = await load("antimony-shell-io", server.url, [...given, "--vus", "2", "--rate", "10"]);
    expect(shell.code, shell.stderr).toBe(0);
    expect(outcomes(shell.report, "echo")).toEqual(all(12));
    expect(outcomes(shell.report, "backlog:typed")).toEqual(all(2));
    expect(outcomes(shell.report, "close-shell")).toEqual(all(2));
  }, 90_000);

  it("neoruntime on Socket.IO 2 over HTTPS with its own CA and user: four loops, every action answered", async () => {
    const server = await startVariantServer();
    closers.push(server.close);
    const ca = join(dir, "neoruntime-ca.pem");
    writeFileSync(ca, server.ca);
    const { user, password } = VARIANT_USER;
    const args = ["--ca", ca, "--var", `user=${user}`, "--var", `password=${password}`, "--vus", "2", "--rate", "20"];
    const request = await load("neoruntime-request", server.url, args);
    expect(request.code, request.stderr).toBe(0);
    const loops = ["status", "scripts-get", "script-create", "script-delete"];
    for (const loop of loops) expect(outcomes(request.report, loop)).toEqual(all(20));
    expect(sentByLoops(request.report)).toBe(settled(request.report, loops));
  }, 90_000);
});
