import { io } from "socket.io-client";
import { describe, expect, it, onTestFinished } from "vitest";
import { isErrorAnswer, nestmtxErrors } from "../../../protocols/nestmtx/index.js";
import { NESTMTX_FAULTS, nestmtxFaults } from "../../../reference-server/nestmtx/faults.js";
import { nestmtxServer } from "../../../reference-server/nestmtx/index.js";
import { connect, next, silence } from "../../support/client.js";
import { ADMIN, ask, connectAs, errorMessage, startNestmtx } from "./session.js";

const withFault = (fault: string) => startNestmtx({ simulation: { logLinesPerSecond: 0, deployMs: 0 }, fault });

describe("NestMTX deliberate defects", () => {
  it("offers four faults, each named nestmtx.<what-is-wrong>", () => {
    expect(nestmtxServer.faults).toBe(nestmtxFaults);
    expect(nestmtxFaults.map((f) => f.name).sort()).toEqual(Object.values(NESTMTX_FAULTS).sort());
    for (const f of nestmtxFaults) expect(f.name).toMatch(/^nestmtx\.[a-z-]+$/);
  });

  it(`${NESTMTX_FAULTS.noLogReplay}: a new socket gets no replay of the backlog`, async () => {
    const url = await withFault(NESTMTX_FAULTS.noLogReplay);
    const socket = io(url, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      auth: { token: ADMIN.token },
    });
    onTestFinished(() => {
      socket.close();
    });
    const quiet = silence(socket, "log", 500);
    await next(socket, "connect");
    await quiet;
  });

  it(`${NESTMTX_FAULTS.unauthenticatedAccess}: a tokenless socket is answered with data`, async () => {
    const url = await withFault(NESTMTX_FAULTS.unauthenticatedAccess);
    const anonymous = await connect(url);
    const answer = await ask(anonymous, { command: "list", module: "users" });
    expect(isErrorAnswer(answer)).toBe(false);
    expect(answer).toMatchObject({ total: 2 });
  });

  it(`${NESTMTX_FAULTS.errorsOnFailureEvent}: an error for a valid requestId arrives on failure, not on the requestId`, async () => {
    const url = await withFault(NESTMTX_FAULTS.errorsOnFailureEvent);
    const socket = await connectAs(url, ADMIN.token);
    const failure = next(socket, "failure");
    const quiet = silence(socket, "r-1");
    socket.emit("request", { command: "read", module: "users", entity: "999", requestId: "r-1" });
    expect((await failure)[0]).toMatchObject({ message: nestmtxErrors.not_found });
    await quiet;
    // Successes still arrive where they should: the defect is in errors only.
    expect(await ask(socket, { command: "read", module: "users", entity: "1" })).toMatchObject({ id: 1 });
  });

  it(`${NESTMTX_FAULTS.noApplicationWildcard}: updates arrive on <domain>:<event> and <domain>:* but not nestmtx:*`, async () => {
    const url = await withFault(NESTMTX_FAULTS.noApplicationWildcard);
    const socket = await connectAs(url, ADMIN.token);
    const quiet = silence(socket, "nestmtx:*");
    const seen = Promise.all([next(socket, "camera:ready"), next(socket, "camera:*")]);
    await ask(socket, {
      command: "update",
      module: "cameras",
      entity: "3",
      payload: { mtx_path: "x", is_enabled: true },
    });
    await seen;
    await quiet;
  });

  it("without a fault, the same probes see the documented behaviour", async () => {
    const url = await startNestmtx();
    const anonymous = await connect(url);
    expect(errorMessage(await ask(anonymous, { command: "list", module: "users" }))).toBe(nestmtxErrors.unauthorized);
    const socket = await connectAs(url, ADMIN.token);
    const seen = next(socket, "nestmtx:*");
    const quiet = silence(socket, "failure");
    expect(errorMessage(await ask(socket, { command: "read", module: "users", entity: "999" }))).toBe(
      nestmtxErrors.not_found,
    );
    await ask(socket, {
      command: "update",
      module: "cameras",
      entity: "3",
      payload: { mtx_path: "x", is_enabled: true },
    });
    await Promise.all([seen, quiet]);
  });
});
