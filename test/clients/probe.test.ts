import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type PROBE_CODES, probeTarget } from "../../clients/probe.js";
import { startToyServer, toyServersPerTest } from "../conformance/toy-server.js";
import { startTestApi } from "../support/server.js";
import { selfSignedCertificate } from "../support/tls.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const toy = toyServersPerTest();

async function listen(server: Server | TcpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return (server.address() as { port: number }).port;
}

const auto = { timeoutMs: 1_000, sioVersion: "auto" } as const;
const cert = selfSignedCertificate();

/** A failure's message is one line: the CLI prints it as `volley: <message>`. */
function expectOneLine(result: Awaited<ReturnType<typeof probeTarget>>, code: keyof typeof PROBE_CODES) {
  expect(result).toMatchObject({ ok: false, code });
  if (!result.ok) expect(result.message).not.toContain("\n");
}

describe("probing a Socket.IO server", () => {
  it.each([2, 4] as const)("recognises a real socket.io %i server from its handshake", async (version) => {
    expect(await probeTarget(await toy({ version }), auto)).toEqual({ ok: true, version });
  });

  it("takes the reference server (socket.io 4 with allowEIO3) for 4, and accepts it for a forced 2", async () => {
    const { url } = await startTestApi("command-network");
    expect(await probeTarget(url, auto)).toEqual({ ok: true, version: 4 });
    expect(await probeTarget(url, { ...auto, sioVersion: 2 })).toEqual({ ok: true, version: 2 });
  });

  it("refuses --sio-version 4 on a Socket.IO 2 server, naming the generation it speaks", async () => {
    const result = await probeTarget(await toy({ version: 2 }), { ...auto, sioVersion: 4 });
    expectOneLine(result, "generation-mismatch");
    expect(result).toMatchObject({
      message: "--sio-version 4 does not fit: the server speaks Socket.IO 2 (Engine.IO 3); drop --sio-version or use 2",
    });
  });

  it("refuses --sio-version 2 on a Socket.IO 4 server that does not allow Engine.IO 3", async () => {
    const result = await probeTarget(await toy({ version: 4 }), { ...auto, sioVersion: 2 });
    expectOneLine(result, "generation-mismatch");
    expect(result).toMatchObject({ message: expect.stringContaining("speaks Socket.IO 4 (Engine.IO 4 only)") });
  });
});

describe("probing a target that is not a reachable Socket.IO server", () => {
  it("says nothing listens on a closed port", async () => {
    const server = await startToyServer({ version: 4 });
    await server.close();
    expectOneLine(await probeTarget(server.url, auto), "refused");
  });

  it("says what a plain HTTP server answered instead of a handshake", async () => {
    const port = await listen(
      createHttpServer((_req, res) =>
        res.writeHead(404, { "content-type": "text/html; charset=utf-8" }).end("<h1>no</h1>"),
      ),
    );
    const result = await probeTarget(`http://127.0.0.1:${port}`, auto);
    expectOneLine(result, "not-socketio");
    expect(result).toMatchObject({ message: expect.stringContaining("HTTP 404 text/html") });
  });

  it("rejects a URL that is not http(s) before any connection", async () => {
    const result = await probeTarget("htp:/x", auto);
    expectOneLine(result, "bad-url");
    expect(result).toMatchObject({ message: expect.stringContaining('"htp:/x" is not an http(s) URL') });
  });

  it("names a host that does not resolve", async () => {
    // .invalid never resolves (RFC 2606), so this needs no network.
    expectOneLine(await probeTarget("http://volley-probe.invalid:7404", auto), "dns");
  });

  it("gives up on a server that accepts the connection and never answers, after the timeout", async () => {
    // Reads and drops what comes, so the socket ends when the probe hangs up and close() does not wait on it.
    const port = await listen(createTcpServer((socket) => socket.resume()));
    const started = Date.now();
    const result = await probeTarget(`http://127.0.0.1:${port}`, { ...auto, timeoutMs: 300 });
    expectOneLine(result, "timeout");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("suggests https:// when the server speaks TLS and http:// was given", async () => {
    const url = await toy({ version: 4, tls: cert });
    const result = await probeTarget(url.replace(/^https:/, "http:"), auto);
    expectOneLine(result, "unreachable");
    expect(result).toMatchObject({
      message: expect.stringMatching(/ECONNRESET; if the server speaks HTTPS, use https:\/\/$/),
    });
  });

  it("suggests http:// when https:// was given to a plain HTTP server", async () => {
    const url = await toy({ version: 4 });
    const result = await probeTarget(url.replace(/^http:/, "https:"), auto);
    expectOneLine(result, "tls");
    expect(result).toMatchObject({
      message: expect.stringMatching(/EPROTO \(wrong version number\); .* use http:\/\/$/),
    });
  });
});

describe.each([2, 4] as const)("probing an HTTPS Socket.IO %i server with a self-signed certificate", (version) => {
  it("fails with Node's TLS code and the --ca / --insecure hint when nothing trusts the certificate", async () => {
    const result = await probeTarget(await toy({ version, tls: cert }), auto);
    expectOneLine(result, "tls");
    expect(result).toMatchObject({
      tlsCode: "DEPTH_ZERO_SELF_SIGNED_CERT",
      message: expect.stringMatching(/DEPTH_ZERO_SELF_SIGNED_CERT.*--ca <file>, or --insecure$/),
    });
  });

  it("answers with the generation when given the certificate as CA", async () => {
    expect(await probeTarget(await toy({ version, tls: cert }), { ...auto, tls: { ca: cert.cert } })).toEqual({
      ok: true,
      version,
    });
  });

  it("answers with the generation when told not to verify", async () => {
    expect(await probeTarget(await toy({ version, tls: cert }), { ...auto, tls: { insecure: true } })).toEqual({
      ok: true,
      version,
    });
  });
});
