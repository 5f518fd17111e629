// One API of the reference server in its own process, as `volley serve` runs it, for the bench to load and to
// read CPU and memory from. Argument: JSON {api, options?, fixtures?}; answers {type: "ready", url}.
import type { ApiName } from "../../protocols/protocol.js";
import { silentLogger } from "../../reference-server/logger.js";
import { resolveServerOptions } from "../../reference-server/options.js";
import { startReferenceServer } from "../../reference-server/start.js";
import { tellBench } from "../child.js";

const request = JSON.parse(process.argv[2] ?? "{}") as { api: ApiName; options?: object; fixtures?: unknown };
const server = await startReferenceServer({
  apis: [request.api],
  port: 0,
  options: resolveServerOptions(request.options ?? {}),
  fixtures: request.fixtures === undefined ? {} : { [request.api]: request.fixtures },
  log: () => silentLogger,
});
tellBench({ type: "ready", url: server.apis[0]?.url });
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
