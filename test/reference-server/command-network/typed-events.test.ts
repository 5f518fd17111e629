import type { Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import {
  type ClientToServerEvents,
  commandAckSchema,
  getClientsAckSchema,
  getIdAckSchema,
  getPastCommandsAckSchema,
  registerAckSchema,
  type ServerToClientEvents,
} from "../../../protocols/command-network/index.js";
import { connect, REPLY_TIMEOUT_MS } from "../../support/client.js";
import { startNetwork } from "./network-client.js";

type NetworkClient = Socket<ServerToClientEvents, ClientToServerEvents>;

describe("command-network typed events and ack schemas", () => {
  it("type the client's emits and acks, and every ack the server sends parses with its schema", async () => {
    const url = await startNetwork();
    const socket = (await connect(url)) as NetworkClient;
    const timed = socket.timeout(REPLY_TIMEOUT_MS);
    expect(getClientsAckSchema.parse(await timed.emitWithAck("get_clients")).success).toBe(false);
    expect(registerAckSchema.parse(await timed.emitWithAck("register", { name: "typed" }))).toEqual({
      success: true,
      newClient: true,
    });
    getIdAckSchema.parse(await timed.emitWithAck("get_id", {}));
    getIdAckSchema.parse(await timed.emitWithAck("get_id", { appName: "ghost" }));
    getClientsAckSchema.parse(await timed.emitWithAck("get_clients"));
    commandAckSchema.parse(await timed.emitWithAck("command", { command: "a", target: null }));
    commandAckSchema.parse(await timed.emitWithAck("command", { command: "b", target: ["typed", "ghost"] }));
    commandAckSchema.parse(await timed.emitWithAck("command", { command: "c", target: "demo-display" }));
    const past = getPastCommandsAckSchema.parse(await timed.emitWithAck("get_past_commands"));
    expect(past.success && past.commands.map((c) => c.command)).toEqual(["a", "b", "c"]);

    if (url === "") {
      // Compile-time only: the typed maps reject a misspelled event and a wrong payload.
      // @ts-expect-error no such event
      socket.emit("get_client", () => {});
      // @ts-expect-error register takes {name}
      socket.emit("register", { appName: "x" }, () => {});
    }
  });
});
