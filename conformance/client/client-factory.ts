import type { SocketIoGeneration } from "../../protocols/protocol.js";
import {
  bufferedClient,
  type ClientSettings,
  type ConnectRequest,
  type ConnectResult,
  type SioClient,
} from "./sio-client.js";
import { connectV2 } from "./v2.js";
import { connectV4 } from "./v4.js";

/**
 * Thrown by `connect()` when a check could not even open the connection it needs: the runner reports the check
 * as an `error` (not a failure). Checks about refusals use `open()`, which returns the refusal as a value.
 */
export class ConnectionProblem extends Error {
  override readonly name = "ConnectionProblem";
  constructor(
    readonly reason: "refused" | "unreachable" | "timeout",
    message: string,
  ) {
    super(message);
  }
}

/** How checks get clients: numbered, recorded, all closed when the check ends. */
export interface ClientFactory {
  readonly version: SocketIoGeneration;
  open(req: ConnectRequest): Promise<ConnectResult>;
  /** Like `open`, for connections a check cannot do without; throws ConnectionProblem if refused. */
  connect(req: ConnectRequest): Promise<SioClient>;
  closeAll(): void;
}

export function createClientFactory(
  target: string,
  version: SocketIoGeneration,
  settings: ClientSettings,
): ClientFactory {
  const base = target.replace(/\/+$/, "");
  const live = new Set<SioClient>();
  let count = 0;
  const open = async (req: ConnectRequest): Promise<ConnectResult> => {
    const name = `c${++count}`;
    const { transcript } = settings;
    transcript.record({
      client: name,
      kind: "connect",
      namespace: req.namespace,
      auth: req.auth,
      query: req.query,
      headers: req.headers,
    });
    const connect = version === 2 ? connectV2 : connectV4;
    const result = await connect(base, req, settings.timeoutMs, settings.tls ?? {});
    if (!result.ok) {
      if (result.reason === "refused")
        transcript.record({ client: name, kind: "refused", message: result.message, data: result.data });
      else
        transcript.record({
          client: name,
          kind: "timeout",
          waitingFor: `connection (${result.reason})`,
          ms: settings.timeoutMs,
        });
      return result;
    }
    transcript.record({ client: name, kind: "connected" });
    const client = bufferedClient(name, req.namespace, result.raw, settings);
    live.add(client);
    if (settings.signal.aborted) client.close();
    return { ok: true, client };
  };
  settings.signal.addEventListener("abort", () => {
    for (const c of live) c.close();
  });
  return {
    version,
    open,
    async connect(req) {
      const result = await open(req);
      if (result.ok) return result.client;
      throw new ConnectionProblem(
        result.reason,
        `cannot connect to ${req.namespace}: ${result.reason}: ${result.message}`,
      );
    },
    closeAll() {
      for (const c of live) c.close();
      live.clear();
    },
  };
}
