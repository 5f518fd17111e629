import { describe, expect, it } from "vitest";
import { isErrorAnswer, moduleSchemas, nestmtxErrors } from "../../../protocols/nestmtx/index.js";
import { connect, next } from "../../support/client.js";
import { ADMIN, ask, connectAs, errorMessage, startNestmtx } from "./session.js";

describe("NestMTX requests", () => {
  it("runs the document's list-users example and answers on the requestId event", async () => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    const response = next(socket, "unique-request-id");
    // nestmtx.md § Example Request, as written
    socket.emit("request", {
      command: "list",
      module: "users",
      requestId: "unique-request-id",
    });
    const [answer] = await response;
    const list = moduleSchemas.users.list.parse(answer);
    expect(list.items.map((u) => u.username)).toEqual(["viewer", "admin"]);
    expect(list).toMatchObject({ page: 1, itemsPerPage: 10, total: 2 });
  });

  it.each([
    ["users", { username: "carol", password: "carol-pass" }, { username: "carol2" }],
    [
      "credentials",
      { description: "Second project", oauth_client_id: "id-2", oauth_client_secret: "s-2" },
      { description: "Renamed project" },
    ],
    ["cameras", { credential_id: 1, room: "Attic", name: "Attic Cam" }, { name: "Loft Cam" }],
  ] as const)("creates, reads, updates, lists and deletes %s", async (module, create, update) => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    const schemas = moduleSchemas[module];
    const created = schemas.item.parse(await ask(socket, { command: "create", module, payload: create }));
    const { password: _p, oauth_client_secret: _s, ...shown } = create as Record<string, unknown>;
    expect(created).toMatchObject(shown);
    const entity = String(created.id);
    expect(await ask(socket, { command: "read", module, entity })).toEqual(created);
    const updated = schemas.item.parse(await ask(socket, { command: "update", module, entity, payload: update }));
    expect(updated).toMatchObject({ id: created.id, ...update });
    const list = schemas.list.parse(await ask(socket, { command: "list", module }));
    expect(list.items[0]).toEqual(updated);
    expect(await ask(socket, { command: "delete", module, entity: created.id })).toEqual(updated);
    expect(errorMessage(await ask(socket, { command: "read", module, entity }))).toBe(nestmtxErrors.not_found);
  });

  it("never answers secrets: no password on users, no OAuth secret on credentials", async () => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    const users = JSON.stringify(await ask(socket, { command: "list", module: "users" }));
    const credentials = JSON.stringify(await ask(socket, { command: "list", module: "credentials" }));
    expect(users).not.toContain("password");
    expect(credentials).not.toContain("secret");
  });

  it("pages and searches lists", async () => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    const page = moduleSchemas.cameras.list.parse(
      await ask(socket, { command: "list", module: "cameras", payload: { page: "2", itemsPerPage: "2" } }),
    );
    expect(page).toMatchObject({ page: 2, itemsPerPage: 2, total: 3 });
    expect(page.items.map((c) => c.id)).toEqual([1]);
    const found = moduleSchemas.cameras.list.parse(
      await ask(socket, { command: "list", module: "cameras", payload: { search: "garage" } }),
    );
    expect(found.items.map((c) => c.name)).toEqual(["Garage Cam"]);
  });

  it("keeps the real server's camera rules: enabling needs mtx_path, and paths are unique", async () => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    const enable = await ask(socket, {
      command: "update",
      module: "cameras",
      entity: "3",
      payload: { is_enabled: true },
    });
    expect(errorMessage(enable)).toBe(nestmtxErrors.mtx_path_required);
    const clash = await ask(socket, {
      command: "update",
      module: "cameras",
      entity: "3",
      payload: { mtx_path: "garage" },
    });
    expect(errorMessage(clash)).toBe(nestmtxErrors.mtx_path_in_use);
    const noCredential = await ask(socket, {
      command: "create",
      module: "cameras",
      payload: { credential_id: 99, room: "x", name: "y" },
    });
    expect(errorMessage(noCredential)).toBe(nestmtxErrors.invalid_payload);
  });

  it("deletes a credential's cameras with it", async () => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    await ask(socket, { command: "delete", module: "credentials", entity: "1" });
    expect(await ask(socket, { command: "list", module: "cameras" })).toMatchObject({ total: 0, items: [] });
  });

  it("refuses a duplicate username and a user deleting itself", async () => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    const dup = await ask(socket, {
      command: "create",
      module: "users",
      payload: { username: "viewer", password: "123456" },
    });
    expect(errorMessage(dup)).toBe(nestmtxErrors.username_taken);
    const self = await ask(socket, { command: "delete", module: "users", entity: String(ADMIN.id) });
    expect(errorMessage(self)).toBe(nestmtxErrors.cannot_delete_self);
  });

  it("answers a JSON-encoded request string like the object", async () => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    const reply = next(socket, "as-string");
    socket.emit("request", JSON.stringify({ command: "read", module: "cameras", entity: "1", requestId: "as-string" }));
    const [answer] = await reply;
    expect(isErrorAnswer(answer)).toBe(false);
    expect(answer).toMatchObject({ id: 1, name: "Doorbell" });
  });

  it("answers on the requestId event even when the client passes an ack callback", async () => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    const reply = next(socket, "with-ack");
    socket.emit("request", { command: "read", module: "users", entity: 1, requestId: "with-ack" }, () => {});
    expect((await reply)[0]).toMatchObject({ id: 1 });
  });

  it("runs the document's connection and reconnect-with-a-new-token snippets", async () => {
    const url = await startNestmtx();
    // nestmtx.md § Using the Token and § Reconnecting with a New Token, as written (options aside)
    const socket = await connect(url, {
      auth: { token: "your-access-token" },
      extraHeaders: { Authorization: "Bearer your-access-token" },
      query: { token: "your-access-token" },
    }).catch((err: Error) => err);
    expect(socket).toBeInstanceOf(Error);
    const anonymous = await connect(url, { auth: {}, extraHeaders: {}, query: {} });
    const grant = (await ask(anonymous, {
      command: "create",
      module: "auth",
      payload: { username: ADMIN.username, password: ADMIN.password },
    })) as { bearer: string };
    const connected = next(anonymous, "connect");
    anonymous.disconnect();
    const opts = anonymous.io.opts as {
      auth: { token: string };
      extraHeaders: Record<string, string>;
      query: Record<string, string>;
    };
    opts.auth.token = grant.bearer;
    opts.extraHeaders.Authorization = `Bearer ${grant.bearer}`;
    opts.query.token = grant.bearer;
    anonymous.connect();
    await connected;
    expect(await ask(anonymous, { command: "read", module: "users", entity: "1" })).toMatchObject({ id: 1 });
  });
});
