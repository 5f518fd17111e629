import { afterEach } from "vitest";
import type { ApiName } from "../../protocols/protocol.js";
import { silentLogger } from "../../reference-server/logger.js";
import { resolveServerOptions, type ServerOptionsInput } from "../../reference-server/options.js";
import { type ReferenceServer, startReferenceServer } from "../../reference-server/start.js";

const running = new Set<ReferenceServer>();

afterEach(async () => {
  await Promise.all([...running].map((s) => s.close()));
  running.clear();
});

/**
 * Starts one API of the reference server on a free loopback port for the current test; it is closed after the test.
 * Returns the base URL a client connects to.
 */
export async function startTestApi(
  api: ApiName,
  opts: { options?: ServerOptionsInput; fixtures?: unknown } = {},
): Promise<{ url: string; server: ReferenceServer }> {
  const server = await startReferenceServer({
    apis: [api],
    port: 0,
    options: resolveServerOptions(opts.options ?? {}),
    fixtures: opts.fixtures === undefined ? {} : { [api]: opts.fixtures },
    log: () => silentLogger,
  });
  running.add(server);
  const first = server.apis[0];
  if (first === undefined) throw new Error("no API started");
  return { url: first.url, server };
}
