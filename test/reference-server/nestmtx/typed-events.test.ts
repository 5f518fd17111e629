import type { Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import type {
  AnswerEvents,
  ClientToServerEvents,
  ListResult,
  ServerToClientEvents,
  User,
} from "../../../protocols/nestmtx/index.js";
import { isErrorAnswer } from "../../../protocols/nestmtx/index.js";
import { ADMIN, connectAs, startNestmtx } from "./session.js";

type NestmtxSocket = Socket<ServerToClientEvents & AnswerEvents<"users-1", ListResult<User>>, ClientToServerEvents>;

describe("the NestMTX typed event maps", () => {
  it("type a request, its answer and a topic, and reject a misspelled event at compile time", async () => {
    const url = await startNestmtx();
    const socket = (await connectAs(url, ADMIN.token)) as unknown as NestmtxSocket;
    const answer = new Promise<ListResult<User>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no answer on users-1")), 2_000);
      socket.once("users-1", (a) => {
        clearTimeout(timer);
        if (isErrorAnswer(a)) reject(new Error(a.error.message));
        else resolve(a);
      });
    });
    socket.emit("request", { command: "list", module: "users", requestId: "users-1" });
    // @ts-expect-error: the event is `request`, not `requests`
    socket.emit("requests", { command: "list", module: "users", requestId: "users-1" });
    // @ts-expect-error: `verb` is not a command
    socket.emit("request", { command: "verb", module: "users", requestId: "x" });
    socket.on("camera:ready", (update) => void update.entity);
    // @ts-expect-error: there is no `camera:started` topic
    socket.on("camera:started", () => {});
    const list = await answer;
    expect(list.items.map((u) => u.username)).toContain("admin");
  });
});
