import { readFileSync } from "node:fs";
import { type Command, InvalidArgumentError, type Option } from "commander";
import type { z } from "zod";
import { UsageError } from "./usage-error.js";

/** Commander argument parsers: each turns one flag's text into a typed value or a clear usage error. */
export function nonNegativeInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number >= 0, got "${text}"`);
  return n;
}

export function nonNegativeNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number >= 0, got "${text}"`);
  return n;
}

export function port(text: string): number {
  const n = nonNegativeInt(text);
  if (n > 65535) throw new InvalidArgumentError(`expected a port from 0 to 65535, got "${text}"`);
  return n;
}

/** Reads a JSON file named on the command line; a missing or malformed file is a usage error naming the file. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what} file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** A zod error as one line (`path: message; ...`): a usage error is one line, however many issues it has. */
export function oneLine(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
}

/**
 * The environment variable of a flag: `VOLLEY_` + the long flag in upper snake case (`--sio-version` ->
 * `VOLLEY_SIO_VERSION`, `--no-load` -> `VOLLEY_NO_LOAD`), the rule conformance/options.ts ENV_NAMES follows.
 */
export const flagEnvName = (long: string) => `VOLLEY_${long.replace(/^--/, "").replace(/-/g, "_").toUpperCase()}`;

/**
 * Gives every flag of `cmd` its `VOLLEY_*` variable (flags > environment > defaults; `--help` shows each), except
 * actions (`--list-*`) and `--var` (each variable has its own `VOLLEY_VAR_<NAME>`). Applied here, as `cmd` is
 * dispatched and before its flags are parsed (so a flag still wins and a required flag may come from the
 * environment), because commander wires `.env()` only for options not yet added. A value goes through the flag's
 * own parser, so a bad one is the same usage error; a boolean flag's variable takes 1/true or 0/false, nothing else.
 */
export function withEnv(cmd: Command, env: Readonly<Record<string, string | undefined>>): void {
  const flags = cmd.options.filter(
    (o) => o.long !== undefined && o.envVar === undefined && !/^--(help|version|var|list)(-|$)/.test(o.long),
  );
  for (const option of flags) option.env(flagEnvName(option.long as string));
  cmd.parent?.hook("preSubcommand", (parent, dispatched) => {
    if (dispatched !== cmd) return;
    // The words after the command name, not yet parsed: a flag given there wins, its variable is not even read.
    const given = new Set(parent.args.map((a) => a.split("=")[0]));
    for (const option of flags) {
      if (given.has(option.long as string) || (option.short !== undefined && given.has(option.short))) continue;
      const name = option.envVar as string;
      const text = env[name];
      if (text === undefined || text === "") continue;
      cmd.setOptionValueWithSource(option.attributeName(), envValue(option, name, text), "env");
    }
  });
}

function envValue(option: Option, name: string, text: string): unknown {
  if (option.required || option.optional) {
    if (option.argChoices !== undefined && !option.argChoices.includes(text)) {
      throw new UsageError(`${name} must be one of ${option.argChoices.join(", ")}, not "${text}"`);
    }
    try {
      return option.parseArg === undefined ? text : option.parseArg(text, undefined);
    } catch (err) {
      if (err instanceof InvalidArgumentError) throw new UsageError(`${name}: ${err.message}`);
      throw err;
    }
  }
  const on = text.toLowerCase();
  if (on !== "1" && on !== "true" && on !== "0" && on !== "false") {
    throw new UsageError(`${name} must be 1, true, 0 or false, not "${text}"`);
  }
  // `VOLLEY_NO_LOAD=1` turns the load off (false); 0 leaves a negated flag at its default, true.
  return (on === "1" || on === "true") !== option.negate;
}
