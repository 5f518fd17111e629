import type { Command } from "commander";
import { z } from "zod";
import { probeTarget } from "../../clients/probe.js";
import { readCaFile, type TlsSettings } from "../../clients/tls.js";
import { renderReplayStep } from "../../conformance/report/replay-text.js";
import { replay } from "../../conformance/runner/replay.js";
import { type ReplayFile, replayFileSchema } from "../../conformance/runner/replay-file.js";
import { nonNegativeInt, readJsonFile } from "./parse.js";
import { UsageError } from "./usage-error.js";

interface ReplayFlags {
  target?: string;
  token?: string;
  user?: string;
  password?: string;
  sioVersion?: string;
  timeout: number;
  fixtures?: string;
  ca?: string;
  insecure?: boolean;
}

/** `volley replay <file> --target <url>`: exit 0 when the server answers as recorded, 1 when it departs. */
export function registerReplay(program: Command): void {
  program
    .command("replay <file>")
    .description("re-run a failing check's recorded exchanges and show where the answers depart")
    .option("--target <url>", "the server to replay against (default: the one recorded)")
    .option("--token <token>", "fills {$secret: token} in the recording")
    .option("--user <name>", "fills {$secret: user}")
    .option("--password <password>", "fills {$secret: password}")
    .option("--fixtures <file>", "the fixtures the run was given: fills the secrets masked in it (tokens, keys)")
    .option("--sio-version <v>", "2, 4 or auto (default: auto)")
    .option("--ca <file>", "PEM file with the CA (or self-signed certificate) of an HTTPS target")
    .option("--insecure", "do not verify an HTTPS target's certificate")
    .option("--timeout <ms>", "wait for one reply this long", nonNegativeInt, 2_000)
    .action(async (path: string, flags: ReplayFlags) => {
      process.exitCode = await replayCommand(path, flags, process.env);
    });
}

async function replayCommand(path: string, flags: ReplayFlags, env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = replayFileSchema.safeParse(readJsonFile(path, "replay"));
  if (!parsed.success) throw new UsageError(`${path} is not a Volley replay file: ${z.prettifyError(parsed.error)}`);
  const file = parsed.data as ReplayFile;
  const target = (flags.target ?? env.VOLLEY_TARGET ?? file.recordedAgainst).replace(/\/+$/, "");
  const wanted = flags.sioVersion ?? env.VOLLEY_SIO_VERSION ?? "auto";
  if (!["2", "4", "auto"].includes(wanted)) throw new UsageError(`--sio-version must be 2, 4 or auto, not ${wanted}`);
  const tls = tlsOf(
    flags.ca ?? env.VOLLEY_CA,
    flags.insecure === true || ["1", "true"].includes(env.VOLLEY_INSECURE ?? ""),
  );
  const detected = await probeTarget(target, {
    timeoutMs: flags.timeout,
    tls,
    sioVersion: wanted === "auto" ? "auto" : wanted === "2" ? 2 : 4,
  });
  if (!detected.ok) throw new UsageError(detected.message, { hint: null });
  const sioVersion = detected.version;
  const write = (line: string) => process.stderr.write(`${line}\n`);
  write(`Replaying ${file.check.id} (${file.check.title}) against ${target}, Socket.IO ${sioVersion}`);
  write(`Recorded failure: ${file.failure.title}`);
  write(`  expected: ${JSON.stringify(file.failure.expected)}`);
  write(`  actual:   ${JSON.stringify(file.failure.actual)}`);
  if (file.failure.counterexample !== undefined) write(`  counterexample: ${file.failure.counterexample}`);
  write("");
  const credentials = {
    token: flags.token ?? env.VOLLEY_TOKEN,
    user: flags.user ?? env.VOLLEY_USER,
    password: flags.password ?? env.VOLLEY_PASSWORD,
  };
  const fixturesFile = flags.fixtures ?? env.VOLLEY_FIXTURES;
  const given = fixturesFile === undefined ? {} : readJsonFile(fixturesFile, "fixtures");
  // Keyed by API name (as `volley serve --fixtures` reads it) or one API's fixtures, as for `volley conformance`.
  const keyed = typeof given === "object" && given !== null ? (given as Record<string, unknown>)[file.api] : undefined;
  const fixtures = typeof keyed === "object" && keyed !== null ? keyed : given;
  const settings = { target, sioVersion, credentials, fixtures, timeoutMs: flags.timeout, tls };
  const result = await replay(file, settings, (s) => write(renderReplayStep(s)));
  write("");
  // The replay stops where the failure showed; a departure before it means the server took another path.
  const shown = result.failureSteps.map((i) => i + 1).join(", ");
  if (shown !== "") write(`The recorded failure showed at exchange ${shown}.`);
  if (result.firstDeparture === undefined) {
    write(`Reproduced: all ${result.steps.length} exchanges match the recording.`);
    return 0;
  }
  write(
    `Departs from the recording at exchange ${result.firstDeparture + 1} of ${result.steps.length}: not reproduced.`,
  );
  return 1;
}

function tlsOf(caFile: string | undefined, insecure: boolean): TlsSettings {
  const tls: TlsSettings = insecure ? { insecure: true } : {};
  if (caFile === undefined) return tls;
  const ca = readCaFile(caFile);
  if (!ca.ok) throw new UsageError(ca.message);
  return { ...tls, ca: ca.value };
}
