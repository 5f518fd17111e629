import { describe, expect, it } from "vitest";
import { errorBodySchema, nestmtxErrors } from "../../../protocols/nestmtx/index.js";
import { next, silence } from "../../support/client.js";
import { ADMIN, ask, connectAs, errorMessage, startNestmtx, VIEWER } from "./session.js";

const invalid = nestmtxErrors.invalid_request;

describe("NestMTX bad input", () => {
  it.each([
    ["an unknown command", { command: "explode", module: "users" }, invalid],
    ["a command of the wrong type", { command: 7, module: "users" }, invalid],
    ["a missing module", { command: "list" }, invalid],
    ["an unknown key", { command: "list", module: "users", extra: 1 }, invalid],
    ["a __proto__ key", JSON.parse('{"command":"list","module":"users","__proto__":{"admin":true}}'), invalid],
    ["a constructor key", { command: "list", module: "users", constructor: { prototype: {} } }, invalid],
    ["read without entity", { command: "read", module: "cameras" }, invalid],
    ["delete without entity", { command: "delete", module: "cameras" }, invalid],
    ["update without payload", { command: "update", module: "cameras", entity: "1" }, invalid],
    ["create without payload", { command: "create", module: "cameras" }, invalid],
    ["an entity that is not an id", { command: "read", module: "cameras", entity: "../1" }, invalid],
    ["an entity object", { command: "read", module: "cameras", entity: { $gt: 0 } }, invalid],
    ["a payload that is an array", { command: "create", module: "users", payload: ["x"] }, invalid],
    ["entity on list", { command: "list", module: "users", entity: "1" }, invalid],
    ["an unknown module", { command: "list", module: "swagger" }, nestmtxErrors.unknown_module],
    ["a command the module lacks", { command: "list", module: "auth" }, nestmtxErrors.command_not_supported],
    ["an unknown id", { command: "read", module: "users", entity: "999" }, nestmtxErrors.not_found],
    [
      "update of an unknown id",
      { command: "update", module: "cameras", entity: 999, payload: { name: "x" } },
      nestmtxErrors.not_found,
    ],
    [
      "a payload with an unknown key",
      { command: "create", module: "users", payload: { username: "a", password: "123456", admin: true } },
      nestmtxErrors.invalid_payload,
    ],
    [
      "a payload of wrong types",
      { command: "create", module: "cameras", payload: { credential_id: "1", room: 1, name: null } },
      nestmtxErrors.invalid_payload,
    ],
    [
      "a too-short password",
      { command: "update", module: "users", entity: "2", payload: { password: "123" } },
      nestmtxErrors.invalid_payload,
    ],
    [
      "a bad mtx_path",
      { command: "update", module: "cameras", entity: "3", payload: { mtx_path: "a/../b" } },
      nestmtxErrors.invalid_payload,
    ],
    ["a bad list query", { command: "list", module: "cameras", payload: { page: -1 } }, nestmtxErrors.invalid_payload],
  ])("answers %s with its error on the requestId event, the request as context", async (_, request, message) => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    const answer = await ask(socket, request);
    expect(errorMessage(answer)).toBe(message);
    const body = errorBodySchema.parse((answer as { error: unknown }).error);
    expect(body.context).toMatchObject({ requestId: expect.any(String) });
  });

  it("answers a string longer than limits.maxStringBytes as an Invalid Request naming its path", async () => {
    const url = await startNestmtx({
      simulation: { logLinesPerSecond: 0, deployMs: 0 },
      limits: { maxStringBytes: 64 },
    });
    const socket = await connectAs(url, ADMIN.token);
    const answer = await ask(socket, {
      command: "create",
      module: "users",
      payload: { username: "x".repeat(65), password: "123456" },
    });
    expect(errorMessage(answer)).toBe(invalid);
    expect((answer as { error: { details: unknown[] } }).error.details).toEqual([
      expect.objectContaining({ path: "payload.username" }),
    ]);
  });

  it("answers a requestId longer than limits.maxStringBytes on the failure event, even beside other long strings", async () => {
    const url = await startNestmtx({
      simulation: { logLinesPerSecond: 0, deployMs: 0 },
      limits: { maxStringBytes: 64 },
    });
    const socket = await connectAs(url, ADMIN.token);
    const failure = next(socket, "failure");
    socket.emit("request", {
      command: "list",
      module: "users",
      requestId: "r".repeat(65),
      payload: { search: "s".repeat(65) },
    });
    expect(errorBodySchema.parse((await failure)[0]).message).toBe(invalid);
  });

  it.each([
    ["no requestId", { command: "list", module: "users" }],
    ["a numeric requestId", { command: "list", module: "users", requestId: 5 }],
    ["an empty requestId", { command: "list", module: "users", requestId: "" }],
    ["a reserved requestId", { command: "list", module: "users", requestId: "disconnect" }],
    ["a string that is not JSON", "list users please"],
    ["null", null],
    ["a number", 42],
  ])("answers a request with %s on the failure event", async (_, request) => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    const failure = next(socket, "failure");
    socket.emit("request", request);
    const [body] = await failure;
    expect(errorBodySchema.parse(body).message).toBe(invalid);
    expect(socket.connected).toBe(true);
  });

  it("ignores unknown events and a bare request with no arguments, and stays connected", async () => {
    const url = await startNestmtx();
    const socket = await connectAs(url, ADMIN.token);
    const failure = next(socket, "failure");
    socket.emit("subscribe", { topic: "camera:*" });
    socket.emit("__proto__", {});
    socket.emit("request");
    await failure;
    expect(await ask(socket, { command: "read", module: "users", entity: "1" })).toMatchObject({ id: 1 });
  });

  it("keeps serving an honest client while another sends garbage", async () => {
    const url = await startNestmtx();
    const attacker = await connectAs(url, ADMIN.token);
    const honest = await connectAs(url, VIEWER.token);
    const garbage: unknown[] = [
      null,
      [],
      "x".repeat(70_000),
      { requestId: "connect_error" },
      { requestId: { toString: 1 } },
      { command: "delete", module: "users", entity: "1e3", requestId: "g1" },
      JSON.parse('{"__proto__":{"polluted":true},"requestId":"g2","command":"list","module":"users"}'),
      { command: "list", module: "constructor", requestId: "g3" },
      { command: "list", module: "__proto__", requestId: "g4" },
      { command: "list", module: "toString", requestId: "g5" },
    ];
    for (const g of garbage) attacker.emit("request", g);
    attacker.emit("request", { command: "list", module: "users", requestId: "g6" }, 1, 2, 3);
    await next(attacker, "g6");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await ask(honest, { command: "list", module: "cameras" })).toMatchObject({ total: 3 });
    expect(attacker.connected).toBe(true);
  });

  it("never sends one socket's error to another socket listening on the same requestId", async () => {
    const url = await startNestmtx();
    const a = await connectAs(url, ADMIN.token);
    const b = await connectAs(url, VIEWER.token);
    const quiet = silence(b, "shared-id");
    expect(errorMessage(await ask(a, { command: "read", module: "users", requestId: "shared-id" }))).toBe(invalid);
    await quiet;
  });
});
