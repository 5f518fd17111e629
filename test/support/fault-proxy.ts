import { createServer, type Server, Socket } from "node:net";
import { afterEach } from "vitest";

/**
 * What the proxy does to traffic right now; change it mid-run with `proxy.set(...)`. Toxiproxy's toxics, reduced to
 * the four faults the harness must survive: latency, stall (bytes held, connection open), cut (clean close) and
 * reset (RST).
 */
export interface Faults {
  /** Added to every chunk, in each direction. */
  readonly latencyMs: number;
  /** Hold every byte (both directions) until the stall is lifted; the sockets stay open. */
  readonly stalled: boolean;
  /** Refuse new connections (close them as soon as they arrive). */
  readonly refuse: boolean;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the harness here instead of at the server. */
  readonly url: string;
  /** Connections accepted so far. */
  readonly accepted: () => number;
  set(faults: Partial<Faults>): void;
  /** Closes every open connection cleanly (FIN), as a server or load balancer going away would. */
  cut(): void;
  /** Resets every open connection (RST), as a crashed peer or a firewall would. */
  reset(): void;
  close(): Promise<void>;
}

const proxies = new Set<FaultProxy>();
afterEach(async () => {
  await Promise.all([...proxies].map((p) => p.close()));
  proxies.clear();
});

/** A loopback TCP proxy to `127.0.0.1:targetPort`, closed after the test. */
export async function startFaultProxy(targetPort: number, initial: Partial<Faults> = {}): Promise<FaultProxy> {
  let faults: Faults = { latencyMs: 0, stalled: false, refuse: false, ...initial };
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  const held: (() => void)[] = [];
  let accepted = 0;

  // Chunks and the end of the stream keep their order and their delay in each direction: each waits for the previous
  // one's delivery time. An end passed on at once would cut off the chunks still delayed before it (a server's last
  // answer before it closes), so each direction is half-closed on its own, as TCP does.
  const pipe = (from: Socket, to: Socket) => {
    let lastAt = 0;
    const inOrder = (deliver: () => void) => {
      const send = () => {
        const at = Math.max(Date.now() + faults.latencyMs, lastAt);
        lastAt = at;
        if (at <= Date.now()) deliver();
        else setTimeout(deliver, at - Date.now());
      };
      if (faults.stalled) held.push(send);
      else send();
    };
    from.on("data", (chunk: Buffer) => inOrder(() => to.writable && to.write(chunk)));
    from.on("end", () => inOrder(() => to.end()));
  };

  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    accepted += 1;
    if (faults.refuse) {
      client.destroy();
      return;
    }
    const upstream = new Socket({ allowHalfOpen: true });
    const pair = { client, upstream };
    pairs.add(pair);
    // An error (a reset) on one side resets the other; a clean close ends it through `pipe`, after its data.
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    const closed = () => {
      if (client.destroyed && upstream.destroyed) pairs.delete(pair);
    };
    client.on("error", drop).on("close", closed);
    upstream.on("error", drop).on("close", closed);
    pipe(client, upstream);
    pipe(upstream, client);
    upstream.connect(targetPort, "127.0.0.1");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;

  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    set(change) {
      faults = { ...faults, ...change };
      if (!faults.stalled) for (const send of held.splice(0)) send();
    },
    cut() {
      for (const { client, upstream } of pairs) {
        client.end();
        upstream.end();
      }
    },
    reset() {
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
    },
    async close() {
      held.length = 0;
      proxy.reset();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  proxies.add(proxy);
  return proxy;
}
