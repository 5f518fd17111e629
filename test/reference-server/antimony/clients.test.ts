import { describe, expect, it } from "vitest";
import { labCommands, refusals } from "../../../protocols/antimony/index.js";
import { connectV2 } from "../../support/client.js";
import { as, command, startAntimony, tokens } from "./antimony-client.js";

describe("antimony client generations", () => {
  it("serves a Socket.IO 4 client", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    expect(await command(socket, { labId: "lab-alpha", command: labCommands.listShells })).toEqual({ payload: [] });
  });

  it("serves a Socket.IO 2.x client that sends its token in the query", async () => {
    const url = await startAntimony();
    const socket = await connectV2(`${url}/lab-commands`, { query: { token: tokens.alice } });
    const ack = await new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no ack from the 2.x client's request")), 2_000);
      socket.emit("data", { labId: "lab-alpha", command: labCommands.deploy }, (reply: unknown) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
    expect(ack).toEqual({ payload: null });
  });

  it("refuses a Socket.IO 2.x client without a token", async () => {
    const url = await startAntimony();
    await expect(connectV2(`${url}/lab-updates`)).rejects.toThrow(refusals.unauthorized);
  });
});
