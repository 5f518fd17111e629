import { describe, expect, it } from "vitest";
import { API_NAMES } from "../../protocols/protocol.js";
import { startTestApi } from "../support/server.js";

describe.each(API_NAMES)("the %s server shell", (api) => {
  it("serves Prometheus metrics, with Node's event-loop lag among them", async () => {
    const { url } = await startTestApi(api);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("# TYPE volley_server_connections gauge");
    expect(text).toContain("nodejs_eventloop_lag_seconds");
  });

  it("answers /healthz with its API name", async () => {
    const { url } = await startTestApi(api);
    const body = await (await fetch(`${url}/healthz`)).json();
    expect(body).toMatchObject({ status: "ok", api });
  });

  it("answers unknown HTTP paths with a JSON 404", async () => {
    const { url } = await startTestApi(api);
    const res = await fetch(`${url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it.each([3, 4])("opens an Engine.IO %i session at the default path (2.x and 4 clients alike)", async (eio) => {
    const { url } = await startTestApi(api);
    const res = await fetch(`${url}/socket.io/?EIO=${eio}&transport=polling`);
    expect(res.status).toBe(200);
    // Engine.IO 3 prefixes each polling packet with its length ("96:0{...}"); 4 sends the bare packet ("0{...}").
    const handshake = (await res.text()).replace(/^\d+:/, "");
    expect(handshake.startsWith("0{")).toBe(true);
    expect(JSON.parse(handshake.slice(1))).toHaveProperty("sid");
  });
});
