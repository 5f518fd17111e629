import { commandNetworkProtocol } from "../../protocols/command-network/index.js";
import type { ApiModule } from "../api-module.js";
import { startBeacon } from "./beacon.js";
import { describeNetwork } from "./describe.js";
import { ClientDirectory } from "./directory.js";
import { commandNetworkFaults, faultNames } from "./faults.js";
import { type CommandNetworkFixtures, commandNetworkFixturesSchema } from "./fixtures.js";
import { type Network, type NetworkServer, REGISTERED_ROOM } from "./network.js";
import { PastCommands } from "./past-commands.js";
import { handleQueries } from "./queries.js";
import { handleRegister } from "./register.js";
import { handleCommand } from "./relay.js";

/** command-network.md, in memory, on the default namespace as socket-central-server serves it. */
export const commandNetworkServer: ApiModule<CommandNetworkFixtures> = {
  protocol: commandNetworkProtocol,
  fixtures: commandNetworkFixturesSchema,
  faults: commandNetworkFaults,
  start(ctx, fixtures) {
    const io = ctx.io as NetworkServer;
    const net: Network = {
      ctx,
      io,
      directory: new ClientDirectory(fixtures.maxRegisteredClients),
      history: new PastCommands(ctx.options.limits.pastCommands),
    };
    const now = Date.now();
    for (const name of fixtures.knownClients) net.directory.seed(name, now, false);

    io.on("connection", (socket) => {
      handleRegister(net, socket);
      handleQueries(net, socket);
      handleCommand(net, socket);
      // A reserved event, not a client action, hence not through ctx.on: closing is the soft disconnect (D2).
      socket.on("disconnect", () => {
        const gone = net.directory.release(socket);
        if (gone !== undefined && !ctx.faulty(faultNames.noDisconnectNotice)) {
          io.to(REGISTERED_ROOM).emit("client_disconnect", gone);
        }
      });
    });
    const stopBeacon = startBeacon(net, fixtures.beacon);

    return {
      describe: () => describeNetwork(fixtures),
      close: stopBeacon,
    };
  },
};
