import { Command, CommanderError } from "commander";
import { registerConformance } from "./conformance.js";
import { registerLoadCommands } from "./load.js";
import { registerReplay } from "./replay.js";
import { describeServer, listFaults, resolveServe, type ServeFlags, serve, serveOptions } from "./serve.js";
import { registerStart } from "./start.js";
import { EXIT, UsageError } from "./usage-error.js";

const program = new Command("volley")
  .description("Conformance and load testing for Socket.IO servers")
  .exitOverride()
  .showHelpAfterError();

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
  process.stdout.write(`${describeServer(server, resolveServe(flags).options)}\n\nCtrl-C to stop.\n`);
  await untilSignal(server.close);
});

registerStart(program);

registerConformance(program);
registerReplay(program);
registerLoadCommands(program);

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (err instanceof UsageError) {
    process.stderr.write(`volley: ${err.message}\n`);
    process.exitCode = EXIT.usage;
  } else {
    process.stderr.write(`volley: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = EXIT.failed;
  }
}
