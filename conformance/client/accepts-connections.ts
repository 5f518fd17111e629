import { connect } from "node:net";

/**
 * Whether anything accepts TCP connections at the target's host and port within `ms`. A crashed server refuses at
 * once; a slow or stalled one still accepts, so this tells "gone" from "wrong" without a Socket.IO handshake.
 */
export function acceptsConnections(target: string, ms: number): Promise<boolean> {
  const url = new URL(target);
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port, timeout: ms });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(false));
    socket.once("error", () => done(false));
  });
}
