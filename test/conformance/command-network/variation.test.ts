import { afterEach, describe, expect, it } from "vitest";
import type { Report } from "../../../conformance/runner/result.js";
import { notPassed, runIndependent } from "../independent/run-independent.js";
import { type Defect, startVariationServer, VARIATION_KNOWN_CLIENT } from "./variation-server.js";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function runAgainst(sio: 2 | 4, defects: readonly Defect[] = [], checks: readonly string[] = []) {
  const server = await startVariationServer({ sio, defects });
  servers.push(server);
  const fixtures = { namePrefix: "variation", knownClients: [VARIATION_KNOWN_CLIENT] };
  // The CLI's 2 s reply timeout and a long deadline: on a machine shared by many test runs a 1 s reply or a
  // model run's 15 s can pass while nothing is wrong, and a verdict must not depend on that.
  return runIndependent("command-network", server.url, fixtures, {}, { checks, timeoutMs: 2_000, deadlineMs: 60_000 });
}

const withStatus = (report: Report, level: "must" | "should", status: string) =>
  report.results.filter((r) => r.level === level && r.status === status).map((r) => r.id);

/**
 * The `should` checks the variation server fails, each allowed because it asks what only REAL-SERVERS.md or a
 * DECISIONS item settles, and the server chose otherwise there.
 */
const ALLOWED_SHOULD_FAILURES = [
  // REAL-SERVERS.md's newClient flag: this server acks none.
  "command-network.register.new-client-flag",
  // REAL-SERVERS.md's `registered` event: this server emits `welcome`.
  "command-network.register.registered-event",
  // REAL-SERVERS.md's 450: this server answers error {code: "name_taken"}.
  "command-network.register.name-in-use-450",
  // D16: this server keeps the refused connection open.
  "command-network.register.name-in-use-closes",
  // REAL-SERVERS.md's 480 (four actions): this server answers error {code: "register_first"}.
  "command-network.unregistered.get-id-480",
  "command-network.unregistered.get-clients-480",
  "command-network.unregistered.get-past-commands-480",
  "command-network.unregistered.command-480",
  // REAL-SERVERS.md's 440.
  "command-network.get-id.unknown-440",
  // REAL-SERVERS.md's {timestamp, source, ...}: this server stores {from, at}.
  "command-network.get-past-commands.fields",
  // D1: broadcasts reach connections that never registered, as in the real server.
  "command-network.command.broadcast-skips-unregistered",
  // D6: a command without an ack callback is ignored.
  "command-network.command.without-ack",
  // REAL-SERVERS.md's per-target 440 and 441 (the results here carry error {code: "unknown_app" | "offline"}).
  "command-network.command.target-unregistered-440",
  "command-network.command.target-disconnected-441",
  "command-network.command.known-client-441",
  // REAL-SERVERS.md's client_disconnect: this server pushes `roster` instead.
  "command-network.disconnect.notice",
];

describe("the command-network suite against a server that chooses otherwise wherever the document is silent", () => {
  it.each([2, 4] as const)(
    "passes every must check over Socket.IO %s, failing only the allowed should checks",
    async (sio) => {
      const report = await runAgainst(sio);
      expect(report.sioVersion).toBe(sio);
      expect(notPassed(report, "must")).toEqual({});
      expect(withStatus(report, "should", "fail").sort()).toEqual([...ALLOWED_SHOULD_FAILURES].sort());
      expect(withStatus(report, "should", "error")).toEqual([]);
    },
    120_000,
  );
});

/** Each planted defect and the `must` checks that must fail on it (others may fail too). */
const PLANTED: readonly (readonly [Defect, readonly string[]])[] = [
  ["ignore-mirror", ["command-network.command.mirror-reaches-sender"]],
  ["echo-sender", ["command-network.command.broadcast-skips-sender"]],
  // register.returning-name is then blocked by the soft-disconnect set-up step, which keeps-registration owns.
  ["forget-on-disconnect", ["command-network.disconnect.keeps-registration", "command-network.model.sequences"]],
  ["id-for-unknown", ["command-network.get-id.unknown-refused"]],
  ["array-stops-at-unknown", ["command-network.command.array-registered-only"]],
  [
    "serve-unregistered",
    ["command-network.unregistered.get-clients-refused", "command-network.unregistered.get-past-commands-refused"],
  ],
  ["drop-meta", ["command-network.command.broadcast-reaches-others"]],
];

describe("a planted defect", () => {
  it.each(PLANTED)(
    "%s fails its fitting must checks",
    async (defect, ids) => {
      const report = await runAgainst(2, [defect], [...ids, "command-network.model.sequences"]);
      expect(withStatus(report, "must", "fail")).toEqual(expect.arrayContaining([...ids]));
    },
    120_000,
  );

  it("refuse-register fails register.new-name with the real cause and blocks the checks that need a registered client", async () => {
    const report = await runAgainst(2, ["refuse-register"]);
    expect(withStatus(report, "must", "fail")).toEqual(["command-network.register.new-name"]);
    const blocked = report.results.filter((r) => r.status === "blocked");
    expect(blocked.length).toBeGreaterThan(20);
    expect(new Set(blocked.map((r) => r.step))).toEqual(
      new Set(["register a new name (command-network.register.new-name)"]),
    );
  }, 120_000);
});
