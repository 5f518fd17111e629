import { describe, expect, it } from "vitest";
import { logEntrySchema, nestmtxErrors, statusUpdateSchema } from "../../../protocols/nestmtx/index.js";
import { connectV2, next } from "../../support/client.js";
import { ADMIN, ask, startNestmtx } from "./session.js";

describe("NestMTX with a Socket.IO 2.x client", () => {
  it("authenticates by query.token and gets answers, status updates and log entries", async () => {
    const url = await startNestmtx({ simulation: { logLinesPerSecond: 50, deployMs: 20 } });
    const socket = await connectV2(url, { query: { token: ADMIN.token } });
    const [update] = await next(socket, "nestmtx:*");
    expect(statusUpdateSchema.parse(update).domain).toBe("camera");
    const [entry] = await next(socket, "log");
    logEntrySchema.parse(entry);
    expect(await ask(socket, { command: "read", module: "cameras", entity: "2" })).toMatchObject({
      name: "Garage Cam",
    });
  });

  it("authenticates by the Authorization header", async () => {
    const url = await startNestmtx();
    const socket = await connectV2(url, { extraHeaders: { Authorization: `Bearer ${ADMIN.token}` } });
    expect(await ask(socket, { command: "read", module: "users", entity: "1" })).toMatchObject({ id: 1 });
  });

  it("is refused with a bad token", async () => {
    const url = await startNestmtx();
    const refused = await connectV2(url, { query: { token: "oat_nope" } }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(refused?.message).toContain(nestmtxErrors.unauthorized);
  });

  it("gets an answer on the failure event for a request without requestId", async () => {
    const url = await startNestmtx();
    const socket = await connectV2(url, { query: { token: ADMIN.token } });
    const failure = next(socket, "failure");
    socket.emit("request", { command: "list" });
    expect((await failure)[0]).toMatchObject({ message: nestmtxErrors.invalid_request });
  });
});
