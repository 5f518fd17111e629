import { readFileSync } from "node:fs";
import { InvalidArgumentError } from "commander";
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
