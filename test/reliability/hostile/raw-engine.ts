import WebSocket from "ws";

/** How long a hostile client waits for the server to react (close, error packet) to what it sent. */
export const REACTION_MS = 2_000;

/** A raw Engine.IO WebSocket, below socket.io-client: it can send what no client library would. */
export interface RawSocket {
  readonly ws: WebSocket;
  /** Every text frame received, in order (binary frames as `<binary n>`). */
  readonly frames: string[];
  send(data: string | Buffer): void;
  /** The first frame, already received or still to come, that matches; fails after REACTION_MS. */
  frame(match: (f: string) => boolean): Promise<string>;
  /** Resolves with the close code once the server closes the connection; fails after REACTION_MS. */
  closedByServer(): Promise<number>;
}

/** Opens `ws://.../socket.io/?EIO=<eio>&transport=websocket` and waits for the Engine.IO open packet. */
export async function rawSocket(url: string, eio: 3 | 4 = 4): Promise<RawSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/socket.io/?EIO=${eio}&transport=websocket`);
  const frames: string[] = [];
  const listeners = new Set<() => void>();
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    frames.push(isBinary ? `<binary ${data.length}>` : data.toString());
    for (const l of listeners) l();
  });
  // A socket the server resets must not surface as an unhandled error in the test run.
  ws.on("error", () => {});
  const closed = new Promise<number>((resolve) => ws.once("close", (code: number) => resolve(code)));
  const deadline = <T>(p: Promise<T>, what: string) =>
    Promise.race([
      p,
      new Promise<T>((_, reject) =>
        setTimeout(() => reject(new Error(`${what} within ${REACTION_MS} ms`)), REACTION_MS),
      ),
    ]);
  const frame = (match: (f: string) => boolean) =>
    deadline(
      new Promise<string>((resolve) => {
        const check = () => {
          const f = frames.find(match);
          if (f === undefined) return;
          listeners.delete(check);
          resolve(f);
        };
        listeners.add(check);
        check();
      }),
      "no matching frame",
    );
  await frame((f) => f.startsWith("0{"));
  return {
    ws,
    frames,
    send: (data) => ws.send(data),
    frame,
    closedByServer: () => deadline(closed, "the server did not close the connection"),
  };
}

/** An Engine.IO 4 polling session: its sid, for requests that abuse it. */
export async function pollingSession(url: string): Promise<string> {
  const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { signal: AbortSignal.timeout(REACTION_MS) });
  const text = await res.text();
  return (JSON.parse(text.slice(1)) as { sid: string }).sid;
}

/** A raw HTTP request to the Engine.IO path; returns status and body. */
export async function engineRequest(
  url: string,
  query: string,
  init: RequestInit = {},
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/socket.io/?${query}`, { ...init, signal: AbortSignal.timeout(REACTION_MS) });
  return { status: res.status, body: await res.text() };
}
