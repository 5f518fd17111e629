import type { BeaconFixtures } from "./fixtures.js";
import type { Network } from "./network.js";
import { relay } from "./relay.js";

/**
 * The optional simulated client (DECISIONS.md D21): registered and connected under `name`, it broadcasts `command`
 * `perSecond` times a second, recorded like any other command. Returns the function that stops it.
 */
export function startBeacon(net: Network, beacon: BeaconFixtures): () => void {
  if (beacon.perSecond === 0) return () => {};
  net.directory.seed(beacon.name, Date.now(), true);
  const pad = "x".repeat(beacon.metaBytes);
  let seq = 0;
  const timer = setInterval(() => {
    seq += 1;
    relay(net, beacon.name, { command: beacon.command, meta: { seq, at: Date.now(), pad }, target: null });
  }, 1_000 / beacon.perSecond);
  return () => clearInterval(timer);
}
