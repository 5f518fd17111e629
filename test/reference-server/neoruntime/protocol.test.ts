import { describe, expect, it } from "vitest";
import { neoruntimeProtocol, subscribableEvents } from "../../../protocols/neoruntime/index.js";
import { login, rawAck, startNeoruntime } from "./session.js";

describe("the neoruntime protocol definition", () => {
  it("lists one namespace, every action, auth event and ::join/::leave, and the pushed events", () => {
    expect(neoruntimeProtocol.namespaces.map((n) => n.pattern)).toEqual(["/"]);
    const [main] = neoruntimeProtocol.namespaces;
    expect(main?.clientEvents).toHaveLength(2 + 5 + 2 * subscribableEvents.length);
    expect(main?.clientEvents).toContain("NeoRuntime/Script/output::leave");
    expect(main?.serverEvents).toEqual([...subscribableEvents]);
  });

  it("labels the server's metrics with the defined event names, not <unknown>", async () => {
    const url = await startNeoruntime();
    const { socket } = await login(url);
    await rawAck(socket, "NeoRuntime/Scripts::join");
    await rawAck(socket, "NeoRuntime/Script/Create", "local/metered");
    const text = await (await fetch(`${url}/metrics`)).text();
    const received = text.split("\n").filter((l) => l.startsWith("volley_server_events_received_total{"));
    expect(received.join("\n")).toContain('event="NeoRuntime/Scripts::join"');
    expect(received.join("\n")).not.toContain("<unknown>");
    expect(text).toMatch(/volley_server_events_emitted_total\{[^}]*event="NeoRuntime\/Scripts"/);
  });
});
