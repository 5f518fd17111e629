import { describe, expect, it } from "vitest";
import { scriptListSchema } from "../../../protocols/neoruntime/index.js";
import { neoruntimeFaultNames } from "../../../reference-server/neoruntime/faults.js";
import { neoruntimeServer } from "../../../reference-server/neoruntime/index.js";
import { next, REPLY_TIMEOUT_MS } from "../../support/client.js";
import { connectNeo, login, rawAck, startNeoruntime, untyped } from "./session.js";

const withFault = (fault: string) => startNeoruntime({ options: { fault, simulation: { scriptOutputPerSecond: 50 } } });

describe("neoruntime deliberate faults", () => {
  it("offers exactly the faults named in faults.ts, each under the neoruntime. prefix", () => {
    expect(neoruntimeServer.faults.map((f) => f.name).sort()).toEqual(Object.values(neoruntimeFaultNames).sort());
  });

  it(`${neoruntimeFaultNames.unauthenticatedAccess}: a socket that never logged in gets the script list`, async () => {
    const stranger = await connectNeo(await withFault(neoruntimeFaultNames.unauthenticatedAccess));
    expect(scriptListSchema.parse(await rawAck(stranger, "NeoRuntime/Scripts/get")).local).not.toHaveLength(0);
  });

  it(`${neoruntimeFaultNames.anyTokenAccepted}: a made-up token authenticates`, async () => {
    const socket = await connectNeo(await withFault(neoruntimeFaultNames.anyTokenAccepted));
    expect(await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("authenticateToken", "made-up")).toBe(true);
    expect(await rawAck(socket, "NeoRuntime/status")).toHaveProperty("currentScript");
  });

  it(`${neoruntimeFaultNames.remoteDeletable}: a remote/ script can be deleted`, async () => {
    const { socket } = await login(await withFault(neoruntimeFaultNames.remoteDeletable));
    expect(await rawAck(socket, "NeoRuntime/Script/Delete", "remote/rainbow")).toEqual({ res: true });
    expect(scriptListSchema.parse(await rawAck(socket, "NeoRuntime/Scripts/get")).remote).toEqual([]);
  });

  it(`${neoruntimeFaultNames.duplicateCreateSucceeds}: creating an existing script reports success`, async () => {
    const { socket } = await login(await withFault(neoruntimeFaultNames.duplicateCreateSucceeds));
    expect(await rawAck(socket, "NeoRuntime/Script/Create", "local/example")).toEqual({ res: true });
  });

  it(`${neoruntimeFaultNames.outputToEveryone}: an unauthenticated socket that never joined gets script output`, async () => {
    const url = await withFault(neoruntimeFaultNames.outputToEveryone);
    const stranger = await connectNeo(url);
    const leaked = next(untyped(stranger), "NeoRuntime/Script/output");
    const { socket } = await login(url);
    await rawAck(socket, "NeoRuntime/Script/Select", "local/example");
    expect((await leaked)[0]).toMatchObject({ scriptPath: "local/example", seq: 1 });
  });
});
