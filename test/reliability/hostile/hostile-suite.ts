import { basename } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ApiName } from "../../../protocols/protocol.js";
import { silentLogger } from "../../../reference-server/logger.js";
import { resolveServerOptions, type ServerOptionsInput } from "../../../reference-server/options.js";
import { type ReferenceServer, startReferenceServer } from "../../../reference-server/start.js";
import { honestTraffic } from "./honest-client.js";

export interface HostileSuite {
  /** The server's base URL (set once the suite's server is up). */
  url(): string;
  server(): ReferenceServer;
  /**
   * One hostile case: an honest client sends documented requests throughout `attack`, which must itself assert that
   * the hostile client got the documented error or was disconnected. Afterwards the honest client must have had
   * every answer right and the server must still answer /healthz.
   */
  case(title: string, attack: (url: string) => Promise<void>, timeoutMs?: number): void;
}

/**
 * One reference server for a whole file of hostile cases: each case runs against the server the previous ones
 * attacked, so damage that accumulates (leaks, a wedged loop) shows. Prints the count of cases tried and passed.
 */
export function hostileSuite(api: ApiName, file: string, options: ServerOptionsInput = {}): HostileSuite {
  let server: ReferenceServer | undefined;
  let tried = 0;
  let passed = 0;
  beforeAll(async () => {
    server = await startReferenceServer({
      apis: [api],
      port: 0,
      options: resolveServerOptions(options),
      fixtures: {},
      log: () => silentLogger,
    });
  });
  afterAll(async () => {
    await server?.close();
    // The count the issue asks for: one line per hostile file, in the test run's output.
    process.stdout.write(`hostile clients (${basename(file)}, ${api}): ${tried} cases tried, ${passed} passed\n`);
  });
  const url = () => {
    const first = server?.apis[0];
    if (first === undefined) throw new Error("the suite's server is not running");
    return first.url;
  };
  return {
    url,
    server: () => {
      if (server === undefined) throw new Error("the suite's server is not running");
      return server;
    },
    case(title, attack, timeoutMs = 15_000) {
      it(
        title,
        async () => {
          tried += 1;
          const honest = await honestTraffic(api, url());
          await attack(url());
          const { sent, wrong } = await honest.stop();
          expect(wrong, `honest requests without their correct answer (of ${sent})`).toEqual([]);
          const health = await fetch(`${url()}/healthz`, { signal: AbortSignal.timeout(2_000) });
          expect(health.status).toBe(200);
          passed += 1;
        },
        timeoutMs,
      );
    },
  };
}
