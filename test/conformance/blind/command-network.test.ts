import { afterAll, beforeAll, expect, test } from "vitest";
import { notPassed, runIndependent } from "../independent/run-independent.js";
import { startCommandNetworkServer } from "./command-network-server.js";

let server: Awaited<ReturnType<typeof startCommandNetworkServer>>;
let unacked: Awaited<ReturnType<typeof startCommandNetworkServer>>;
beforeAll(async () => {
  server = await startCommandNetworkServer();
  unacked = await startCommandNetworkServer({ registerAck: false });
});
afterAll(() => Promise.all([server.close(), unacked.close()]));

/**
 * The should checks this server does not pass, on purpose: each rests on a real server's fact (REAL-SERVERS.md) or
 * a DECISIONS item where command-network.md is silent, and the blind server chose otherwise.
 */
const ALLOWED_SHOULD_FAILURES = [
  // Register acks {id, name}: no newClient flag, no `registered` event.
  "command-network.register.new-client-flag",
  "command-network.register.registered-event",
  // A name in use is refused with its own code ("name_in_use", not 450), and the refused connection stays open.
  "command-network.register.name-in-use-450",
  "command-network.register.name-in-use-closes",
  // Errors carry string codes of its own, not 480 / 440.
  "command-network.unregistered.get-id-480",
  "command-network.unregistered.get-clients-480",
  "command-network.unregistered.get-past-commands-480",
  "command-network.unregistered.command-480",
  "command-network.get-id.unknown-440",
  // Past commands are {name, meta, target, mirror, source, time}, not {timestamp, source, target, command, meta}.
  "command-network.get-past-commands.fields",
  // The document names null or an array as target; a bare string is refused.
  "command-network.command.named-target",
  // The ack lists deliveredTo names and notDelivered reasons, not a {success, error} result per target.
  "command-network.command.per-target-results",
  "command-network.command.target-unregistered-440",
  "command-network.command.target-disconnected-441",
  // Skipped: the server starts with no registered apps, so there is no knownClients fixture to give.
  "command-network.command.known-client-441",
  // A soft disconnect is not announced: the document names no such event.
  "command-network.disconnect.notice",
];

test("a command-network server written from the document alone, choosing differently where it is silent, passes every must check", async () => {
  const report = await runIndependent("command-network", server.url, {});
  expect(report.sioVersion).toBe(2);
  expect(notPassed(report, "must")).toEqual({});
  expect(Object.keys(notPassed(report, "should")).sort()).toEqual([...ALLOWED_SHOULD_FAILURES].sort());
}, 90_000);

test("the same server acking no register, success or failure, passes every must check", async () => {
  const report = await runIndependent("command-network", unacked.url, {});
  expect(notPassed(report, "must")).toEqual({});
  // Only register.new-client-flag and register.name-in-use-450 read register's ack, and they fail already.
  expect(Object.keys(notPassed(report, "should")).sort()).toEqual([...ALLOWED_SHOULD_FAILURES].sort());
  // The model registers three names per sequence: the reply timeout is waited out once, not per registration.
  const model = report.results.find((r) => r.id === "command-network.model.sequences");
  expect(model?.durationMs).toBeLessThan(15_000);
}, 120_000);
