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

/**
 * command-network.md, behaviour by behaviour (docs/conformance-command-network.md maps each element of the
 * document to its checks). The checks register names of their own and reach the target only by URL.
 */
export const commandNetworkSuite = defineSuite({
  api: "command-network",
  fixtures: commandNetworkFixtures,
  checks: [
    ...registerChecks,
    ...unregisteredChecks,
    ...queryChecks,
    ...deliveryChecks,
    ...targetChecks,
    ...disconnectChecks,
    ...badInputChecks,
    modelCheck,
  ],
});
