import { describe, expect, it } from "vitest";
import { nestmtxErrors, tokenGrantSchema } from "../../../protocols/nestmtx/index.js";
import { connect, next, refusal, silence } from "../../support/client.js";
import { ADMIN, ask, connectAs, errorMessage, startNestmtx, VIEWER } from "./session.js";

describe("NestMTX authentication", () => {
  it("accepts the token in auth.token, in the Authorization header and in query.token", async () => {
    const url = await startNestmtx();
    for (const opts of [
      { auth: { token: ADMIN.token } },
      { extraHeaders: { Authorization: `Bearer ${ADMIN.token}` } },
      { query: { token: ADMIN.token } },
    ]) {
      const socket = await connect(url, opts);
      expect(await ask(socket, { command: "read", module: "users", entity: "1" })).toMatchObject({ id: 1 });
    }
  });

  it("refuses a connection whose token is unknown with a connect_error", async () => {
    const url = await startNestmtx();
    const err = await refusal(url, { auth: { token: "oat_nope" } });
    expect(err.message).toBe(nestmtxErrors.unauthorized);
  });

  it("refuses the demo admin's expired token (the conformance fixture), wherever it is put", async () => {
    const url = await startNestmtx();
    for (const opts of [
      { auth: { token: ADMIN.expiredToken } },
      { extraHeaders: { Authorization: `Bearer ${ADMIN.expiredToken}` } },
      { query: { token: ADMIN.expiredToken } },
    ])
      expect((await refusal(url, opts)).message).toBe(nestmtxErrors.unauthorized);
  });

  it("checks the header before auth.token, and does not fall back when the header's token is bad", async () => {
    const url = await startNestmtx();
    const err = await refusal(url, {
      extraHeaders: { Authorization: "Bearer oat_nope" },
      auth: { token: ADMIN.token },
    });
    expect(err.message).toBe(nestmtxErrors.unauthorized);
    await connect(url, { extraHeaders: { Authorization: `Bearer ${ADMIN.token}` }, auth: { token: "oat_nope" } });
  });

  it("checks auth.token before query.token", async () => {
    const url = await startNestmtx();
    await refusal(url, { auth: { token: "oat_nope" }, query: { token: ADMIN.token } });
    await connect(url, { auth: { token: ADMIN.token }, query: { token: "oat_nope" } });
  });

  it("lets a tokenless socket in but answers Unauthorized to everything except auth", async () => {
    const url = await startNestmtx();
    const anonymous = await connect(url);
    for (const module of ["users", "cameras", "credentials"]) {
      expect(errorMessage(await ask(anonymous, { command: "list", module }))).toBe(nestmtxErrors.unauthorized);
    }
    expect(errorMessage(await ask(anonymous, { command: "read", module: "cameras", entity: "1" }))).toBe(
      nestmtxErrors.unauthorized,
    );
  });

  it("gives a bearer over the socket for a username and password, which then opens a connection", async () => {
    const url = await startNestmtx();
    const anonymous = await connect(url);
    const grant = tokenGrantSchema.parse(
      await ask(anonymous, {
        command: "create",
        module: "auth",
        payload: { username: VIEWER.username, password: VIEWER.password },
      }),
    );
    expect(grant.user).toEqual(expect.objectContaining({ id: VIEWER.id, username: VIEWER.username }));
    expect(grant.user).not.toHaveProperty("password");
    expect(Date.parse(grant.expiration)).toBeGreaterThan(Date.now());
    const socket = await connectAs(url, grant.bearer);
    expect(await ask(socket, { command: "list", module: "users" })).toMatchObject({ total: 2 });
  });

  it("answers Invalid user credentials to a wrong password, and Already logged in to an authenticated socket", async () => {
    const url = await startNestmtx();
    const anonymous = await connect(url);
    const wrong = await ask(anonymous, {
      command: "create",
      module: "auth",
      payload: { username: "admin", password: "nope" },
    });
    expect(errorMessage(wrong)).toBe(nestmtxErrors.invalid_credentials);
    const admin = await connectAs(url, ADMIN.token);
    const again = await ask(admin, {
      command: "create",
      module: "auth",
      payload: { username: "admin", password: ADMIN.password },
    });
    expect(errorMessage(again)).toBe(nestmtxErrors.already_logged_in);
  });

  it("serves POST /api/auth with the same grant, 401 on a wrong password and 400 on a malformed body", async () => {
    const url = await startNestmtx();
    const post = (body: string) =>
      fetch(`${url}/api/auth`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const ok = await post(JSON.stringify({ username: ADMIN.username, password: ADMIN.password }));
    expect(ok.status).toBe(200);
    const grant = tokenGrantSchema.parse(await ok.json());
    await connectAs(url, grant.bearer);
    expect((await post(JSON.stringify({ username: "admin", password: "wrong-one" }))).status).toBe(401);
    const bad = await post("{not json");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { message: nestmtxErrors.invalid_request } });
  });

  it("sends an anonymous socket no log entries and no status updates", async () => {
    const url = await startNestmtx({ simulation: { logLinesPerSecond: 50, deployMs: 20 } });
    const anonymous = await connect(url);
    const admin = await connectAs(url, ADMIN.token);
    await next(admin, "nestmtx:*");
    await Promise.all([silence(anonymous, "log"), silence(anonymous, "nestmtx:*"), silence(anonymous, "camera:*")]);
  });
});
