import type { ApiName } from "../protocols/protocol.js";
import type { Logger } from "./logger.js";
import type { ServerOptions } from "./options.js";
import { apiServers } from "./registry.js";
import { type RunningApi, startApi } from "./shell.js";

export interface ReferenceServerRequest {
  readonly apis: readonly ApiName[];
  /** 0 gives every API a free port; N gives the i-th API of `apis` port N + i (one API listens on N itself). */
  readonly port: number;
  readonly options: ServerOptions;
  /** Fixture overrides keyed by API name, as read from a fixtures file; missing keys use the demo fixtures. */
  readonly fixtures: Partial<Record<ApiName, unknown>>;
  readonly log: (api: ApiName) => Logger;
}

export interface ReferenceServer {
  readonly apis: readonly RunningApi[];
  close(): Promise<void>;
}

export async function startReferenceServer(req: ReferenceServerRequest): Promise<ReferenceServer> {
  const running: RunningApi[] = [];
  const close = async () => {
    await Promise.all(running.map((r) => r.close()));
  };
  try {
    for (const [i, api] of req.apis.entries()) {
      const module = apiServers[api];
      const fixtures = module.fixtures.parse(req.fixtures[api] ?? {});
      const port = req.port === 0 ? 0 : req.port + i;
      running.push(await startApi(module, fixtures, req.options, port, req.log(api)));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { apis: running, close };
}
