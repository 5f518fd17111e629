import { describe, expect, it } from "vitest";
import {
  actionResultSchema,
  neoruntimeErrors,
  runtimeStatusSchema,
  scriptListSchema,
} from "../../../protocols/neoruntime/index.js";
import { REPLY_TIMEOUT_MS } from "../../support/client.js";
import { login, type NeoSocket, rawAck, startNeoruntime } from "./session.js";

const status = async (s: NeoSocket) => runtimeStatusSchema.parse(await rawAck(s, "NeoRuntime/status"));
const scripts = async (s: NeoSocket) => scriptListSchema.parse(await rawAck(s, "NeoRuntime/Scripts/get"));
const act = async (s: NeoSocket, event: string, scriptPath: unknown) =>
  actionResultSchema.parse(await rawAck(s, event, scriptPath));
const failure = (resMsg: string) => ({ res: false, resMsg });
const paths = (list: { path: string }[]) => list.map((e) => e.path);

describe("neoruntime actions (neoruntime.md § Actions)", () => {
  it("NeoRuntime/status acks {currentScript: 'None', scriptIsExited, uptime} before any script is selected", async () => {
    const { socket } = await login(await startNeoruntime());
    const first = await status(socket);
    expect(first).toMatchObject({ currentScript: "None", scriptIsExited: false });
    expect((await status(socket)).uptime).toBeGreaterThanOrEqual(first.uptime);
  });

  it("NeoRuntime/Scripts/get acks the local and remote lists with {name, loc, path, lang} entries", async () => {
    const { socket } = await login(await startNeoruntime());
    expect(await scripts(socket)).toEqual({
      local: [
        { name: "example", loc: "local", path: "local/example", lang: "python" },
        { name: "countdown", loc: "local", path: "local/countdown", lang: "python" },
      ],
      remote: [{ name: "rainbow", loc: "remote", path: "remote/rainbow", lang: "python" }],
    });
  });

  it("NeoRuntime/Scripts/get ignores an argument before the callback, as the real server took one (D7)", async () => {
    const { socket } = await login(await startNeoruntime());
    expect(scriptListSchema.parse(await rawAck(socket, "NeoRuntime/Scripts/get", "local/example")).remote).toHaveLength(
      1,
    );
  });

  it("NeoRuntime/Script/Create acks {res: true} and the new script is listed for every user", async () => {
    const url = await startNeoruntime();
    const { socket } = await login(url);
    expect(await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("NeoRuntime/Script/Create", "local/new_one")).toEqual({
      res: true,
    });
    const other = await login(url, { username: "guest", password: "guest" });
    expect(paths((await scripts(other.socket)).local)).toContain("local/new_one");
  });

  it("NeoRuntime/Script/Create of an existing script acks already_exists and keeps one copy", async () => {
    const { socket } = await login(await startNeoruntime());
    expect(await act(socket, "NeoRuntime/Script/Create", "local/example")).toEqual(
      failure(neoruntimeErrors.alreadyExists),
    );
    expect(paths((await scripts(socket)).local).filter((p) => p === "local/example")).toHaveLength(1);
  });

  it("NeoRuntime/Script/Create under remote/ acks remote_read_only (D10)", async () => {
    const { socket } = await login(await startNeoruntime());
    expect(await act(socket, "NeoRuntime/Script/Create", "remote/mine")).toEqual(
      failure(neoruntimeErrors.remoteReadOnly),
    );
  });

  it("NeoRuntime/Script/Create refuses more than the script cap with too_many_scripts (D10)", async () => {
    // 998 local and the one default remote script: one below the cap of 1000.
    const local = Array.from({ length: 998 }, (_, i) => ({ name: `s${i}` }));
    const { socket } = await login(await startNeoruntime({ fixtures: { scripts: { local } } }));
    expect(await act(socket, "NeoRuntime/Script/Create", "local/one_more")).toEqual({ res: true });
    expect(await act(socket, "NeoRuntime/Script/Create", "local/too_many")).toEqual(
      failure(neoruntimeErrors.tooManyScripts),
    );
  });

  it("NeoRuntime/Script/Delete removes a local script and acks {res: true}", async () => {
    const { socket } = await login(await startNeoruntime());
    expect(await act(socket, "NeoRuntime/Script/Delete", "local/example")).toEqual({ res: true });
    expect(paths((await scripts(socket)).local)).toEqual(["local/countdown"]);
  });

  it("NeoRuntime/Script/Delete of a remote/ script acks remote_read_only and keeps it", async () => {
    const { socket } = await login(await startNeoruntime());
    expect(await act(socket, "NeoRuntime/Script/Delete", "remote/rainbow")).toEqual(
      failure(neoruntimeErrors.remoteReadOnly),
    );
    expect(paths((await scripts(socket)).remote)).toEqual(["remote/rainbow"]);
  });

  it("NeoRuntime/Script/Delete of an unknown script acks not_found", async () => {
    const { socket } = await login(await startNeoruntime());
    expect(await act(socket, "NeoRuntime/Script/Delete", "local/ghost")).toEqual(failure(neoruntimeErrors.notFound));
  });

  it("NeoRuntime/Script/Delete of the current script leaves no script selected (D17)", async () => {
    const { socket } = await login(await startNeoruntime());
    await act(socket, "NeoRuntime/Script/Select", "local/example");
    await act(socket, "NeoRuntime/Script/Delete", "local/example");
    expect(await status(socket)).toMatchObject({ currentScript: "None", scriptIsExited: false });
  });

  it("NeoRuntime/Script/Select makes the script current, for remote scripts too (D11, D15)", async () => {
    const { socket } = await login(await startNeoruntime());
    expect(await act(socket, "NeoRuntime/Script/Select", "remote/rainbow")).toEqual({ res: true });
    expect(await status(socket)).toMatchObject({ currentScript: "remote/rainbow", scriptIsExited: false });
  });

  it("NeoRuntime/Script/Select works without a callback, as the document gives it no return", async () => {
    const { socket } = await login(await startNeoruntime());
    socket.emit("NeoRuntime/Script/Select", "local/countdown");
    // Events on one socket are handled in order, so the status asked next sees the selection.
    expect((await status(socket)).currentScript).toBe("local/countdown");
  });

  it("NeoRuntime/Script/Select of an unknown script acks not_found and changes nothing", async () => {
    const { socket } = await login(await startNeoruntime());
    await act(socket, "NeoRuntime/Script/Select", "local/example");
    expect(await act(socket, "NeoRuntime/Script/Select", "local/ghost")).toEqual(failure(neoruntimeErrors.notFound));
    expect((await status(socket)).currentScript).toBe("local/example");
  });
});
