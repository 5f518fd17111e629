import type { CommandNetworkFixtures } from "./fixtures.js";

/** What a person needs to try the network by hand: a two-line session, the seeded names, the beacon. */
export function describeNetwork(fixtures: CommandNetworkFixtures): string[] {
  const lines = [
    "no credentials: register under any free app name, then act (Socket.IO 2.x or 4 client, namespace /):",
    '  socket.emit("register", {name: "my-app"}, ack)   -> {success: true, newClient: true}',
    '  socket.emit("command", {command: "hello", meta: {n: 1}, target: null, mirror: false}, ack)   -> {success: true}',
  ];
  if (fixtures.knownClients.length > 0) {
    lines.push(`known but disconnected (a command to them answers 441): ${fixtures.knownClients.join(", ")}`);
  }
  const { beacon } = fixtures;
  if (beacon.perSecond > 0) {
    lines.push(`beacon: "${beacon.name}" broadcasts "${beacon.command}" ${beacon.perSecond}/s`);
  }
  return lines;
}
