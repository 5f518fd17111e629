import { describe, expect, it } from "vitest";
import { scriptListSchema, scriptOutputSchema } from "../../../protocols/neoruntime/index.js";
import { next, silence } from "../../support/client.js";
import { collect, login, rawAck, startNeoruntime, untyped } from "./session.js";

const FAST = { options: { simulation: { scriptOutputPerSecond: 100 } } };

describe("neoruntime events (neoruntime.md § Events, DECISIONS.md D13)", () => {
  it("NeoRuntime/status::join delivers each status change, and ::leave stops it, with the document's snippets", async () => {
    const url = await startNeoruntime();
    const { socket: Socket } = await login(url);
    const seen: unknown[] = [];
    const event = "NeoRuntime/status";
    // Listen for a event (the document's snippet)
    Socket.emit(`${event}::join`);
    Socket.on(event, (status) => {
      seen.push(status);
    });
    const pushed = next(untyped(Socket), event);
    await rawAck(Socket, "NeoRuntime/Script/Select", "local/example");
    expect((await pushed)[0]).toMatchObject({ currentScript: "local/example", scriptIsExited: false });
    expect(seen).toHaveLength(1);
    // Stop listening for an event (the document's snippet)
    Socket.emit(`${event}::leave`);
    await rawAck(Socket, "NeoRuntime/Script/Select", "local/countdown");
    await silence(untyped(Socket), event);
    expect(seen).toHaveLength(1);
  });

  it("NeoRuntime/status reports scriptIsExited when a script exits on its own (D19)", async () => {
    const { socket } = await login(await startNeoruntime(FAST));
    await rawAck(socket, "NeoRuntime/status::join");
    const changes = collect(socket, "NeoRuntime/status", 2);
    await rawAck(socket, "NeoRuntime/Script/Select", "local/countdown");
    const [started, exited] = await changes;
    expect(started).toMatchObject({ currentScript: "local/countdown", scriptIsExited: false });
    expect(exited).toMatchObject({ currentScript: "local/countdown", scriptIsExited: true });
  });

  it("NeoRuntime/Scripts::join delivers the new list after Create and Delete", async () => {
    const { socket } = await login(await startNeoruntime());
    await rawAck(socket, "NeoRuntime/Scripts::join");
    const created = next(untyped(socket), "NeoRuntime/Scripts");
    await rawAck(socket, "NeoRuntime/Script/Create", "local/fresh");
    expect(scriptListSchema.parse((await created)[0]).local.map((s) => s.path)).toContain("local/fresh");
    const deleted = next(untyped(socket), "NeoRuntime/Scripts");
    await rawAck(socket, "NeoRuntime/Script/Delete", "local/fresh");
    expect(scriptListSchema.parse((await deleted)[0]).local.map((s) => s.path)).not.toContain("local/fresh");
  });

  it("NeoRuntime/Script/output::join delivers the running script's lines in order (D14)", async () => {
    const { socket } = await login(await startNeoruntime(FAST));
    await rawAck(socket, "NeoRuntime/Script/output::join");
    const output = collect(socket, "NeoRuntime/Script/output", 3);
    await rawAck(socket, "NeoRuntime/Script/Select", "local/example");
    const lines = (await output).map((l) => scriptOutputSchema.parse(l));
    expect(lines).toEqual([
      { scriptPath: "local/example", seq: 1, line: "Script started" },
      { scriptPath: "local/example", seq: 2, line: "A second has passed" },
      { scriptPath: "local/example", seq: 3, line: "A second has passed" },
    ]);
  });

  it("keeps up a rate above the timer resolution (2000 lines/s) with no gap in seq (D14)", async () => {
    const { socket } = await login(await startNeoruntime({ options: { simulation: { scriptOutputPerSecond: 2000 } } }));
    await rawAck(socket, "NeoRuntime/Script/output::join");
    // 400 lines at 2000/s take 200 ms; one line per 10 ms tick would miss collect's 2 s deadline.
    const output = collect(socket, "NeoRuntime/Script/output", 400);
    await rawAck(socket, "NeoRuntime/Script/Select", "local/example");
    const seqs = (await output).map((l) => scriptOutputSchema.parse(l).seq);
    expect(seqs).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
  });

  it("replays the current run's backlog, capped at the backlog limit, to a socket that joins the output (D14)", async () => {
    const url = await startNeoruntime({ options: { ...FAST.options, limits: { backlogLines: 2 } } });
    const { socket } = await login(url);
    await rawAck(socket, "NeoRuntime/status::join");
    const exited = collect(socket, "NeoRuntime/status", 2);
    await rawAck(socket, "NeoRuntime/Script/Select", "local/countdown");
    await exited;
    const late = (await login(url)).socket;
    const replay: unknown[] = [];
    untyped(late).on("NeoRuntime/Script/output", (line: unknown) => replay.push(line));
    await rawAck(late, "NeoRuntime/Script/output::join");
    expect(replay.map((l) => scriptOutputSchema.parse(l).seq)).toEqual([4, 5]);
  });

  it("sends nothing to an authenticated socket that did not join, and nothing after ::leave", async () => {
    const url = await startNeoruntime(FAST);
    const { socket: joined } = await login(url);
    const { socket: bystander } = await login(url);
    await rawAck(joined, "NeoRuntime/Script/output::join");
    await rawAck(joined, "NeoRuntime/status::join");
    const firstLine = next(untyped(joined), "NeoRuntime/Script/output");
    await rawAck(joined, "NeoRuntime/Script/Select", "local/example");
    await firstLine;
    await Promise.all([
      silence(untyped(bystander), "NeoRuntime/Script/output"),
      silence(untyped(bystander), "NeoRuntime/status"),
    ]);
    expect(await rawAck(joined, "NeoRuntime/Script/output::leave")).toEqual({ res: true });
    await silence(untyped(joined), "NeoRuntime/Script/output");
  });

  it("acks ::join and ::leave with {res: true} when given a callback, and joining twice is harmless (D16)", async () => {
    const { socket } = await login(await startNeoruntime());
    expect(await rawAck(socket, "NeoRuntime/status::join")).toEqual({ res: true });
    expect(await rawAck(socket, "NeoRuntime/status::join")).toEqual({ res: true });
    const once = collect(socket, "NeoRuntime/status", 1);
    await rawAck(socket, "NeoRuntime/Script/Select", "local/example");
    await once;
    await silence(untyped(socket), "NeoRuntime/status");
    expect(await rawAck(socket, "NeoRuntime/Scripts::leave")).toEqual({ res: true });
  });
});
