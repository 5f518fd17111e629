import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A Socket.IO server of either generation: both close their HTTP server too, then call back. */
interface ClosableIo {
  close(done?: (err?: Error) => void): void;
}

/**
 * Listens on 127.0.0.1 at a free port and resolves with the URL and a `close` for the test servers written in the
 * tests: `stop` (timers, simulations) runs first; open connections, long-polling ones included, are cut so that
 * closing never waits on a client.
 */
export async function listenOnLoopback(
  http: HttpServer,
  io: ClosableIo,
  stop: () => void = () => {},
): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        stop();
        io.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
