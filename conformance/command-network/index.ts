import { defineSuite } from "../index.js";
import { badInputChecks } from "./checks/bad-input.js";
import { deliveryChecks } from "./checks/delivery.js";
import { disconnectChecks } from "./checks/disconnect.js";
import { queryChecks } from "./checks/queries.js";
import { registerChecks } from "./checks/register.js";
import { targetChecks } from "./checks/targets.js";
import { unregisteredChecks } from "./checks/unregistered.js";
import { commandNetworkFixtures } from "./fixtures.js";
import { modelCheck } from "./model/sequences.js";

const checks = [
  ...registerChecks,
  ...unregisteredChecks,
  ...queryChecks,
  ...deliveryChecks,
  ...targetChecks,
  ...disconnectChecks,
  ...badInputChecks,
  modelCheck,
];

/**
 * command-network.md, behaviour by behaviour (docs/conformance-command-network.md lists each check with the sentence
 * it enforces). The checks register names of their own and reach the target only by URL. Hostile checks come last
 * in the suite's own order too: the real server crashes on some of their input, and whatever runner runs the list
 * in order then measures every documented behaviour first.
 */
export const commandNetworkSuite = defineSuite({
  api: "command-network",
  fixtures: commandNetworkFixtures,
  checks: [...checks.filter((c) => c.hostile !== true), ...checks.filter((c) => c.hostile === true)],
});
