import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { type Script, scriptSchema } from "./scenario.js";
import { fillVars } from "./template.js";

export type ScriptLoad = { ok: true; path: string; script: Script } | { ok: false; path: string; problem: string };
export type ScriptText = { ok: true; path: string; raw: unknown } | { ok: false; path: string; problem: string };

/**
 * Finds a scenario by path, or by name in `scenarios/` (`nestmtx-log-flood` -> `scenarios/nestmtx-log-flood.yml`),
 * and validates the Artillery script against the Volley engine's schema. Problems are values for the CLI to report.
 */
export function loadScript(
  nameOrPath: string,
  scenariosDir: string,
  vars: Readonly<Record<string, unknown>> = {},
): ScriptLoad {
  const read = readScript(nameOrPath, scenariosDir);
  return read.ok ? parseScript(read.path, read.raw, vars) : read;
}

/** The script's YAML, parsed but not yet validated: what it declares can be read before its variables are known. */
export function readScript(nameOrPath: string, scenariosDir: string): ScriptText {
  const candidates = [nameOrPath, join(scenariosDir, `${nameOrPath}.yml`), join(scenariosDir, `${nameOrPath}.yaml`)];
  const path = candidates.find((p) => existsSync(p) && /\.(ya?ml|json)$/.test(p));
  if (path === undefined) return { ok: false, path: nameOrPath, problem: "no such scenario file" };
  try {
    return { ok: true, path, raw: parse(readFileSync(path, "utf8")) };
  } catch (err) {
    return { ok: false, path, problem: `not valid YAML: ${(err as Error).message}` };
  }
}

/** Fills `{{var.NAME}}` and validates; a variable left without a value is a problem naming it. */
export function parseScript(path: string, raw: unknown, vars: Readonly<Record<string, unknown>>): ScriptLoad {
  const missing = new Set<string>();
  const filled = fillVars(raw, vars, missing);
  if (missing.size > 0)
    return { ok: false, path, problem: `needs ${[...missing].map((n) => `--var ${n}=...`).join(" ")}` };
  const parsed = scriptSchema.safeParse(filled);
  if (!parsed.success) return { ok: false, path, problem: parsed.error.issues.map(describeIssue).join("; ") };
  return { ok: true, path, script: parsed.data };
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  return `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`;
}
