import { describe, expect } from "vitest";
import { hostileSuite } from "./hostile/hostile-suite.js";
import { engineRequest, pollingSession, rawSocket } from "./hostile/raw-engine.js";

// Malformed Engine.IO and Socket.IO traffic below any client library. Socket.IO's documented answers: a frame its
// parsers cannot decode closes that one connection (engine.io "parse error", socket.io-parser throws -> the client
// is closed); an unknown namespace gets CONNECT_ERROR "Invalid namespace"; bad HTTP requests get Engine.IO's
// error table (engine.io lib/server.ts `Server.errors`: 0 unknown transport, 1 unknown sid, 3 bad request,
// 5 unsupported protocol version) with HTTP 400, and a body over maxHttpBufferSize 413.
const suite = hostileSuite("command-network", import.meta.filename, { limits: { maxPayloadBytes: 100_000 } });

/** Frames that must make the server close the hostile connection, sent after connecting to namespace `/`. */
const closingFrames: [string, string | Buffer][] = [
  ["text that is no Engine.IO packet", "hello"],
  ["an Engine.IO packet type that does not exist", "9"],
  ["a Socket.IO packet type that does not exist", "49[]"],
  ["an EVENT whose payload is not an array", '42{"event":"register"}'],
  ["an EVENT whose JSON is cut short", '42["register",{"name":'],
  ["an EVENT for a namespace it never joined", '42/elsewhere,["register",{"name":"ghost"}]'],
  [
    "a BINARY_EVENT announcing attachments that never come, then a text packet",
    '451-["register",{"_placeholder":true,"num":0}]',
  ],
  ["a binary frame with no BINARY_EVENT before it", Buffer.from([0xde, 0xad, 0xbe, 0xef])],
];

describe("hostile frames over a raw WebSocket", () => {
  for (const [what, frame] of closingFrames) {
    suite.case(`closes the connection that sends ${what}`, async (url) => {
      const raw = await rawSocket(url);
      raw.send("40");
      await raw.frame((f) => f.startsWith("40"));
      raw.send(frame);
      // The BINARY_EVENT waits for its attachment: a second text packet is what the parser cannot accept.
      if (typeof frame === "string" && frame.startsWith("451-")) raw.send('42["get_clients"]');
      await raw.closedByServer();
    });
  }

  suite.case("answers CONNECT to an unknown namespace with CONNECT_ERROR Invalid namespace", async (url) => {
    const raw = await rawSocket(url);
    raw.send("40/no-such-namespace,");
    const error = await raw.frame((f) => f.startsWith("44/no-such-namespace,"));
    expect(JSON.parse(error.slice("44/no-such-namespace,".length))).toEqual({ message: "Invalid namespace" });
  });

  suite.case("answers an EVENT with an absurd ack id like any other: 480 before register, id echoed", async (url) => {
    const raw = await rawSocket(url);
    raw.send("40");
    await raw.frame((f) => f.startsWith("40{"));
    raw.send('4299999999999999999999["get_clients"]');
    const ack = await raw.frame((f) => f.startsWith("43"));
    expect(JSON.parse(ack.slice(ack.indexOf("[")))).toMatchObject([{ success: false, error: 480 }]);
  });

  suite.case("closes the connection that sends a frame over maxPayloadBytes (100 kB here)", async (url) => {
    const raw = await rawSocket(url);
    raw.send("40");
    await raw.frame((f) => f.startsWith("40"));
    raw.send(`42["register",{"name":"${"x".repeat(200_000)}"}]`);
    expect(await raw.closedByServer()).toBe(1009);
  });

  suite.case("closes the connection that sends a binary attachment over maxPayloadBytes", async (url) => {
    const raw = await rawSocket(url);
    raw.send("40");
    await raw.frame((f) => f.startsWith("40"));
    raw.send('451-["register",{"_placeholder":true,"num":0}]');
    raw.send(Buffer.alloc(200_000));
    expect(await raw.closedByServer()).toBe(1009);
  });

  suite.case("closes an Engine.IO 3 (Socket.IO 2) connection that sends garbage", async (url) => {
    const raw = await rawSocket(url, 3);
    raw.send("4not-a-packet[");
    await raw.closedByServer();
  });
});

describe("hostile requests over HTTP long-polling", () => {
  suite.case("answers a POST of garbage to a live session by closing that session", async (url) => {
    const sid = await pollingSession(url);
    const post = await engineRequest(url, `EIO=4&transport=polling&sid=${sid}`, {
      method: "POST",
      body: "\u001e\u001ezz",
    });
    expect(post.status).toBe(200);
    // The session is gone: polling it again is "Session ID unknown".
    const poll = await engineRequest(url, `EIO=4&transport=polling&sid=${sid}`);
    expect(poll).toEqual({ status: 400, body: JSON.stringify({ code: 1, message: "Session ID unknown" }) });
  });

  suite.case("answers an unknown sid with 400 Session ID unknown", async (url) => {
    const res = await engineRequest(url, "EIO=4&transport=polling&sid=forged-session-id", {
      method: "POST",
      body: "40",
    });
    expect(res).toEqual({ status: 400, body: JSON.stringify({ code: 1, message: "Session ID unknown" }) });
  });

  suite.case("serves a nonsense EIO version as Engine.IO 3 (allowEIO3), length-framed, not a crash", async (url) => {
    const res = await engineRequest(url, "EIO=9&transport=polling");
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^\d+:0\{"sid":/);
  });

  suite.case("answers an unknown transport with 400 code 0", async (url) => {
    const res = await engineRequest(url, "EIO=4&transport=carrier-pigeon");
    expect(res).toEqual({ status: 400, body: JSON.stringify({ code: 0, message: "Transport unknown" }) });
  });

  suite.case("answers a POST body over maxPayloadBytes with 413 and closes the session", async (url) => {
    const sid = await pollingSession(url);
    const res = await engineRequest(url, `EIO=4&transport=polling&sid=${sid}`, {
      method: "POST",
      body: `42["register",{"name":"${"y".repeat(200_000)}"}]`,
    });
    expect(res.status).toBe(413);
  });
});
