import { type Command, Option } from "commander";
import { z } from "zod";
import { API_NAMES, type ApiName } from "../../protocols/protocol.js";
import { stderrLogger } from "../../reference-server/logger.js";
import { resolveServerOptions, type ServerOptions } from "../../reference-server/options.js";
import { allFaults } from "../../reference-server/registry.js";
import { type ReferenceServer, startReferenceServer } from "../../reference-server/start.js";
import { nonNegativeInt, nonNegativeNumber, port, readJsonFile } from "./parse.js";
import { UsageError } from "./usage-error.js";

export const DEFAULT_PORT = 7400;

export interface ServeFlags {
  api: string;
  host: string;
  port?: number;
  fixtures?: string;
  fault?: string;
  delay: number;
  logRate?: number;
  logBytes?: number;
  deployMs?: number;
  scriptRate?: number;
  backlog?: number;
  maxPayload?: number;
}

export function serveOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--api <name>", "one API, or all").choices([...API_NAMES, "all"]).default("all"))
    .addOption(new Option("--host <addr>", "address to bind").env("VOLLEY_HOST").default("127.0.0.1"))
    .addOption(
      new Option(
        "--port <n>",
        `the port of the one --api; with --api all, API i listens on port + i (default ${DEFAULT_PORT} + i; 0 = free ports)`,
      ).argParser(port),
    )
    .addOption(new Option("--fixtures <file>", "JSON file of fixtures keyed by API name").env("VOLLEY_FIXTURES"))
    .addOption(new Option("--fault <name>", "start with one deliberate defect (see --list-faults)"))
    .addOption(new Option("--delay <ms>", "delay every handler by this many ms").argParser(nonNegativeInt).default(0))
    .addOption(new Option("--log-rate <n>", "simulated log lines per second").argParser(nonNegativeNumber))
    .addOption(new Option("--log-bytes <n>", "size of each simulated log line").argParser(nonNegativeInt))
    .addOption(new Option("--deploy-ms <n>", "simulated Antimony deploy duration").argParser(nonNegativeInt))
    .addOption(
      new Option("--script-rate <n>", "NeoRuntime script output lines per second").argParser(nonNegativeNumber),
    )
    .addOption(new Option("--backlog <n>", "lines kept per log/shell backlog").argParser(nonNegativeInt))
    .addOption(new Option("--max-payload <bytes>", "largest message accepted").argParser(nonNegativeInt));
}

/** Merges flags into complete, frozen server options; an unknown fault is a usage error. */
export function resolveServe(flags: ServeFlags): { apis: ApiName[]; options: ServerOptions; fixtures: object } {
  const apis = flags.api === "all" ? [...API_NAMES] : [flags.api as ApiName];
  if (flags.fault !== undefined && !allFaults().some((f) => f.name === flags.fault)) {
    throw new UsageError(`unknown fault "${flags.fault}"; run \`volley serve --list-faults\``);
  }
  const fixtures = flags.fixtures === undefined ? {} : readJsonFile(flags.fixtures, "fixtures");
  if (typeof fixtures !== "object" || fixtures === null || Array.isArray(fixtures)) {
    throw new UsageError(`fixtures file ${flags.fixtures} must hold an object keyed by API name`);
  }
  try {
    const options = resolveServerOptions({
      host: flags.host,
      delayMs: flags.delay,
      fault: flags.fault,
      limits: { backlogLines: flags.backlog, maxPayloadBytes: flags.maxPayload },
      simulation: {
        logLinesPerSecond: flags.logRate,
        logLineBytes: flags.logBytes,
        deployMs: flags.deployMs,
        scriptOutputPerSecond: flags.scriptRate,
      },
    });
    return { apis, options, fixtures };
  } catch (err) {
    if (err instanceof z.ZodError) throw new UsageError(`invalid server options: ${z.prettifyError(err)}`);
    throw err;
  }
}

export async function serve(flags: ServeFlags): Promise<ReferenceServer> {
  const { apis, options, fixtures } = resolveServe(flags);
  // Without --port every API keeps its own default port (7400 + i), which the scenarios' config.target names.
  const [only] = apis;
  const first = flags.port ?? DEFAULT_PORT + (apis.length === 1 && only !== undefined ? API_NAMES.indexOf(only) : 0);
  return startExplained({ apis, port: first, options, fixtures, log: (api) => stderrLogger(api) });
}

/** Starts the reference server; bad fixtures and a port that cannot be bound are usage errors with a clear message. */
export async function startExplained(args: Parameters<typeof startReferenceServer>[0]): Promise<ReferenceServer> {
  try {
    return await startReferenceServer(args);
  } catch (err) {
    if (err instanceof z.ZodError) throw new UsageError(`invalid fixtures: ${z.prettifyError(err)}`);
    const { code, port: busy } = err as NodeJS.ErrnoException & { port?: number };
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      // Node's listen error names the port it tried: with several APIs, that one, not the first.
      throw new UsageError(`cannot listen on ${args.options.host}:${busy ?? args.port}: ${code}`, {
        hint: "try --port 0 or another port",
      });
    }
    throw err;
  }
}

/** What a person needs to connect: one block per API with its URL and credentials. */
export function describeServer(server: ReferenceServer, options: ServerOptions): string {
  const lines = [`Volley reference server: ${server.apis.length} API(s) on ${options.host}`];
  if (options.fault !== undefined) lines.push(`  ! deliberate fault: ${options.fault}`);
  if (options.delayMs > 0) lines.push(`  ! every handler delayed by ${options.delayMs} ms`);
  for (const api of server.apis) {
    lines.push("", `  ${api.api.padEnd(16)} ${api.url}   (Socket.IO 4 and 2.x clients; ${api.url}/metrics)`);
    for (const line of api.instance.describe()) lines.push(`    ${line}`);
  }
  return lines.join("\n");
}

export function listFaults(): string {
  return allFaults()
    .map((f) => `${f.name.padEnd(44)} ${f.description}`)
    .join("\n");
}
