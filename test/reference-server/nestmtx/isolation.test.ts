import { describe, expect, it } from "vitest";
import { nestmtxErrors } from "../../../protocols/nestmtx/index.js";
import { connect, next, refusal, silence } from "../../support/client.js";
import { ADMIN, ask, connectAs, errorMessage, startNestmtx, VIEWER } from "./session.js";

describe("NestMTX isolation between clients", () => {
  it("answers a request only to the socket that sent it", async () => {
    const url = await startNestmtx();
    const a = await connectAs(url, ADMIN.token);
    const b = await connectAs(url, VIEWER.token);
    const anonymous = await connect(url);
    const quiet = Promise.all([silence(b, "same-id"), silence(anonymous, "same-id")]);
    expect(await ask(a, { command: "list", module: "users", requestId: "same-id" })).toMatchObject({ total: 2 });
    await quiet;
  });

  it("never shows one anonymous socket the bearer another one logged in for", async () => {
    const url = await startNestmtx();
    const a = await connect(url);
    const b = await connect(url);
    const quiet = silence(b, "login");
    const grant = await ask(a, {
      command: "create",
      module: "auth",
      requestId: "login",
      payload: { username: VIEWER.username, password: VIEWER.password },
    });
    expect(grant).toHaveProperty("bearer");
    await quiet;
  });

  it("disconnects a deleted user's sockets and refuses its token afterwards", async () => {
    const url = await startNestmtx();
    const admin = await connectAs(url, ADMIN.token);
    const viewer = await connectAs(url, VIEWER.token);
    const gone = next(viewer, "disconnect");
    await ask(admin, { command: "delete", module: "users", entity: String(VIEWER.id) });
    await gone;
    expect((await refusal(url, { auth: { token: VIEWER.token } })).message).toBe(nestmtxErrors.unauthorized);
    expect(admin.connected).toBe(true);
  });

  it("keeps a tokenless socket from every module's data, whatever command it tries", async () => {
    const url = await startNestmtx();
    const anonymous = await connect(url);
    const tries = [
      { command: "create", module: "users", payload: { username: "mallory", password: "123456" } },
      { command: "update", module: "users", entity: "1", payload: { password: "takeover" } },
      { command: "delete", module: "cameras", entity: "1" },
      { command: "read", module: "credentials", entity: "1" },
    ];
    for (const request of tries) expect(errorMessage(await ask(anonymous, request))).toBe(nestmtxErrors.unauthorized);
    const admin = await connectAs(url, ADMIN.token);
    expect(await ask(admin, { command: "list", module: "users" })).toMatchObject({ total: 2 });
  });
});
