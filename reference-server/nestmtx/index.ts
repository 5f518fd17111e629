import type { Socket } from "socket.io";
import { AUTH_HTTP_PATH, nestmtxErrors, nestmtxProtocol, SIMULATE_HTTP_PATH } from "../../protocols/nestmtx/index.js";
import type { ApiContext, ApiInstance, ApiModule } from "../api-module.js";
import { authenticateConnection } from "./connection-auth.js";
import { NESTMTX_FAULTS, nestmtxFaults } from "./faults.js";
import { simulateFeeds } from "./feed-simulation.js";
import { type NestmtxFixtures, nestmtxFixturesSchema } from "./fixtures.js";
import { httpRoutes } from "./http.js";
import { LogStream } from "./log-stream.js";
import type { SideEffects } from "./modules/module.js";
import { errorBody, handleRequest } from "./request-handler.js";
import { createState } from "./state.js";
import { AUTHENTICATED_ROOM, publisher } from "./topics.js";

/** The user a socket authenticated as at connection time; undefined on an anonymous socket. */
const userOf = (socket: Socket): number | undefined => socket.data.userId;

function start(ctx: ApiContext, fixtures: NestmtxFixtures): ApiInstance {
  const { io, options } = ctx;
  const state = createState(fixtures);
  const logs = new LogStream(io, options.limits.backlogLines);
  const updates = publisher(io, !ctx.faulty(NESTMTX_FAULTS.noApplicationWildcard));
  const effects: SideEffects = {
    publish: updates.publish,
    log: (level, msg) => logs.append(level, msg),
    disconnectUser: (userId) => {
      for (const socket of io.of("/").sockets.values()) if (userOf(socket) === userId) socket.disconnect(true);
    },
  };
  const policy = {
    maxStringBytes: options.limits.maxStringBytes,
    skipAuthentication: ctx.faulty(NESTMTX_FAULTS.unauthenticatedAccess),
  };
  const errorsOnFailure = ctx.faulty(NESTMTX_FAULTS.errorsOnFailureEvent);

  io.of("/").use((socket, next) => {
    const auth = authenticateConnection(socket, state.tokens);
    if (!auth.ok) {
      ctx.countRefusal("/", "invalid_token");
      next(new Error(nestmtxErrors.unauthorized));
      return;
    }
    socket.data.userId = auth.userId;
    next();
  });

  io.of("/").on("connection", (socket) => {
    const userId = userOf(socket);
    if (userId !== undefined) {
      socket.join(AUTHENTICATED_ROOM);
      if (!ctx.faulty(NESTMTX_FAULTS.noLogReplay)) logs.replay(socket);
    }
    // nestmtx.md § Request Structure; an ack callback, if sent, is ignored (D4).
    ctx.on(socket, "request", (raw) => {
      const answer = handleRequest(raw, { userId: userOf(socket), state, effects }, policy);
      if (answer.on === "failure") {
        ctx.countError(answer.failure.code);
        socket.emit("failure", errorBody(answer.failure, raw));
      } else if (answer.outcome.ok) {
        socket.emit(answer.requestId, answer.outcome.value);
      } else {
        ctx.countError(answer.outcome.code);
        const error = { error: errorBody(answer.outcome, raw) };
        if (errorsOnFailure) socket.emit("failure", error.error);
        else socket.emit(answer.requestId, error);
      }
    });
  });

  logs.append("info", "NestMTX reference server started");
  logs.simulate(options.simulation.logLinesPerSecond, options.simulation.logLineBytes);
  const stopFeeds = simulateFeeds(state, updates, options.simulation.deployMs);
  const feeds =
    options.simulation.deployMs > 0 ? `feeds step every ${options.simulation.deployMs} ms` : "feed simulation off";

  return {
    describe: () => [
      ...fixtures.users.map(
        (u) =>
          `user ${u.username} / ${u.password}, bearer token ${u.token}` +
          (u.expiredToken === undefined ? "" : ` (expired: ${u.expiredToken})`),
      ),
      `connect with { auth: { token } } (or Authorization: Bearer, or ?token=); POST ${AUTH_HTTP_PATH} {username, password} for a new token`,
      `cameras ${state.cameras
        .all()
        .map((c) => `${c.id}:${c.name}${c.is_enabled ? "*" : ""}`)
        .join(", ")} (* = enabled; ${feeds})`,
      `POST ${SIMULATE_HTTP_PATH} {domain, event, entity, details} (bearer) publishes a status update`,
    ],
    http: httpRoutes(state, updates, options.limits.maxPayloadBytes, ctx.countError),
    close() {
      logs.stop();
      stopFeeds();
    },
  };
}

export const nestmtxServer: ApiModule<NestmtxFixtures> = {
  protocol: nestmtxProtocol,
  fixtures: nestmtxFixturesSchema,
  faults: nestmtxFaults,
  start,
};
