import { afterAll } from "vitest";
import { defineConformanceSuite } from "../../conformance/vitest.js";
import { startToyServer, TOY_TOKEN } from "./toy-server.js";
import { toySuite } from "./toy-suite.js";

// What a user's own vitest project does: one registered test per check, against a server it starts itself.
let server: { url: string; close(): Promise<void> } | undefined;
afterAll(() => server?.close());

defineConformanceSuite({
  api: "command-network",
  suite: toySuite,
  target: async () => {
    server = await startToyServer({ version: 2 });
    return server.url;
  },
  credentials: { token: TOY_TOKEN },
  seed: 3,
  timeoutMs: 500,
});
