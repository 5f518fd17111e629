import type { Socket } from "socket.io";
import { neoruntimeProtocol } from "../../protocols/neoruntime/index.js";
import type { ApiModule } from "../api-module.js";
import { registerActionHandlers } from "./action-handlers.js";
import { registerAuthHandlers } from "./auth-handlers.js";
import { describeNeoruntime } from "./describe.js";
import { neoruntimeFaultNames, neoruntimeFaults } from "./faults.js";
import { type NeoruntimeFixtures, neoruntimeFixturesSchema } from "./fixtures.js";
import { ScriptRuntime } from "./runtime.js";
import { ScriptStore } from "./script-store.js";
import { Sessions } from "./sessions.js";
import type { NeoruntimeState } from "./state.js";
import { registerSubscriptionHandlers } from "./subscription-handlers.js";

/** The Luxcena-Neo runtime API of neoruntime.md, in memory, on the main namespace "/". */
export const neoruntimeServer: ApiModule<NeoruntimeFixtures> = {
  protocol: neoruntimeProtocol,
  fixtures: neoruntimeFixturesSchema,
  faults: neoruntimeFaults,
  start(ctx, fixtures) {
    const nsp = ctx.io.of("/");
    const { simulation, limits } = ctx.options;
    const state: NeoruntimeState = {
      ctx,
      sessions: new Sessions(fixtures.users),
      store: new ScriptStore(fixtures.scripts),
      runtime: new ScriptRuntime(simulation.scriptOutputPerSecond, limits.backlogLines, {
        status: (status) => state.publish("NeoRuntime/status", status),
        output: (line) => {
          if (ctx.faulty(neoruntimeFaultNames.outputToEveryone)) nsp.emit("NeoRuntime/Script/output", line);
          else state.publish("NeoRuntime/Script/output", line);
        },
      }),
      publish: (event, payload) => nsp.to(event).emit(event, payload),
      allowed: (socket: Socket) =>
        ctx.faulty(neoruntimeFaultNames.unauthenticatedAccess) || state.sessions.isAuthenticated(socket),
    };
    nsp.on("connection", (socket) => {
      registerAuthHandlers(state, socket);
      registerActionHandlers(state, socket);
      registerSubscriptionHandlers(state, socket);
    });
    return {
      describe: () => describeNeoruntime(fixtures, simulation.scriptOutputPerSecond),
      close: () => state.runtime.close(),
    };
  },
};
