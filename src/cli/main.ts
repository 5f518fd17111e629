import { Command, CommanderError } from "commander";
import { registerConformance } from "./conformance.js";
import { registerLoadCommands } from "./load.js";
import { withEnv } from "./parse.js";
import { registerReplay } from "./replay.js";
import { describeServer, listFaults, resolveServe, type ServeFlags, serve, serveOptions } from "./serve.js";
import { registerStart } from "./start.js";
import { EXIT, UsageError } from "./usage-error.js";
import { VERSION } from "./version.js";

const program = new Command("volley")
  .description("Conformance and load testing for Socket.IO servers")
  .version(VERSION, "--version", "print Volley's version")
  .exitOverride();

/** Keeps the process alive until Ctrl-C or SIGTERM, then closes what it was given. */
function untilSignal(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop).off("SIGTERM", stop);
      void close().then(resolve);
    };
    process.on("SIGINT", stop).on("SIGTERM", stop);
  });
}

serveOptions(
  program
    .command("serve")
    .description("run the in-memory reference server for one or all APIs")
    .option("--list-faults", "list the deliberate faults and exit"),
).action(async (flags: ServeFlags & { listFaults?: boolean }) => {
  if (flags.listFaults) {
    process.stdout.write(`${listFaults()}\n`);
    return;
  }
  const server = await serve(flags);
  // Listening before saying so: a Ctrl-C right after "Ctrl-C to stop." must close the server, not kill it.
  const stopped = untilSignal(server.close);
  process.stdout.write(`${describeServer(server, resolveServe(flags).options)}\n\nCtrl-C to stop.\n`);
  await stopped;
});

registerStart(program);

registerConformance(program);
registerReplay(program);
registerLoadCommands(program);

/**
 * Examples printed by each command's `--help`; each runs as written against `volley serve` on its default ports
 * (test/cli/help-examples.test.ts runs them, pointed at servers on free ports through VOLLEY_TARGET / VOLLEY_PORT).
 */
const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  serve: ["volley serve", "volley serve --api nestmtx --log-rate 200", "volley serve --list-faults"],
  start: ["volley start --no-conformance --no-load --serve"],
  conformance: [
    "volley conformance --api command-network --target http://127.0.0.1:7401",
    "volley conformance --api nestmtx --list",
  ],
  load: [
    "volley load nestmtx-request --list-vars",
    "volley load nestmtx-log-flood --var token=oat_demo-admin-token --duration 3",
    "volley load command-network-request --vus 5 --rate 100 --duration 3 --report reports/cn",
  ],
  gate: ["volley gate reports/cn/report.json --budgets scenarios/command-network-request.budgets.json"],
};

// The command being run: a usage error it throws points at that command's --help.
let active = "";
program.hook("preSubcommand", (_program, dispatched) => {
  active = dispatched.name();
});

/** `volley: <cause> (see volley <cmd> --help)`: one line, never the whole help text; no hint when it is null. */
const usageLine = (cause: string, hint: string | null) =>
  `volley: ${cause.replace(/\s*\n\s*/g, " ").trim()}${hint === null ? "" : ` (${hint})`}\n`;
const seeHelp = (name: string) => `see volley ${name === "" ? "" : `${name} `}--help`;

for (const cmd of [program, ...program.commands]) {
  const name = cmd === program ? "" : cmd.name();
  cmd.configureOutput({ outputError: (text, write) => write(usageLine(text.replace(/^error: /, ""), seeHelp(name))) });
  // conformance resolves its VOLLEY_* itself (conformance/options.ts), with the config file between env and defaults.
  if (cmd !== program && name !== "conformance") withEnv(cmd, process.env);
  const examples = EXAMPLES[name];
  if (examples !== undefined) cmd.addHelpText("after", `\nExamples:\n${examples.map((e) => `  $ ${e}`).join("\n")}`);
}

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (err instanceof UsageError) {
    process.stderr.write(usageLine(err.message, err.hint === undefined ? seeHelp(active) : err.hint));
    process.exitCode = EXIT.usage;
  } else {
    process.stderr.write(`volley: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = EXIT.failed;
  }
}
