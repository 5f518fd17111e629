import { createHash } from "node:crypto";
import { basename, extname } from "node:path";
import { z } from "zod";
import { suites } from "../../conformance/registry.js";
import { API_NAMES, type ApiName } from "../../protocols/protocol.js";
import type { Script } from "../../scenarios/engine/scenario.js";
import { parseScript, readScript } from "../../scenarios/engine/script-file.js";
import { oneLine, readJsonFile } from "./parse.js";
import { UsageError } from "./usage-error.js";

/**
 * One value a scenario needs from the person running it (a credential, an id that exists on their server), declared
 * under `config.volley.needs` and used as `{{var.NAME}}`: scenarios never carry one server's demo data.
 */
const needSchema = z.strictObject({
  description: z.string().min(1),
  /**
   * Where the value sits in the API's entry of a `--fixtures` file, as `volley conformance --fixtures` reads it (the
   * suite's own field names): a dotted path; a number indexes a list, `*` takes the first entry.
   */
  fixture: z.string().min(1).optional(),
  /** `id`: digits given as text become a number (`--var credential=1`), as a fixtures file's `1` is one. */
  type: z.enum(["string", "id"]).default("string"),
  /** `sha256-hex`: sent as the SHA-256 hex of the value given (NeoRuntime's login takes the password's hash). */
  encode: z.literal("sha256-hex").optional(),
});
export type Need = z.infer<typeof needSchema>;

/** `config.volley` as far as variables go: the API whose fixtures apply, and what the scenario needs. */
const declarationSchema = z.object({
  api: z.enum(API_NAMES).optional(),
  needs: z.record(z.string().regex(/^[\w-]+$/), needSchema).default({}),
});
export type Declaration = z.infer<typeof declarationSchema>;

/** Where `volley load` looks for a variable, in order: `--var`, then `VOLLEY_VAR_<NAME>`, then the fixtures file. */
export interface VarSources {
  readonly vars: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fixturesFile?: string | undefined;
}

/** `token` -> `VOLLEY_VAR_TOKEN`, `credential-id` -> `VOLLEY_VAR_CREDENTIAL_ID`. */
export const varEnvName = (name: string) => `VOLLEY_VAR_${name.toUpperCase().replace(/-/g, "_")}`;

export interface LoadedScenario {
  readonly path: string;
  /** The file name without extension: the report's and the budgets file's `scenario`. */
  readonly label: string;
  readonly declaration: Declaration;
  readonly script: Script;
}

/** Reads a scenario, resolves every variable it uses or declares, and validates it; any problem is a usage error. */
export function loadScenario(nameOrPath: string, sources: VarSources): LoadedScenario {
  const { path, raw, declaration } = readDeclared(nameOrPath);
  const label = basename(path, extname(path));
  const names = new Set([...Object.keys(declaration.needs), ...usedVars(raw)]);
  const unknown = Object.keys(sources.vars).filter((n) => !names.has(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `scenario ${label} has no variable ${unknown.join(", ")} (it takes: ${[...names].join(", ") || "none"})`,
      { hint: `see volley load ${nameOrPath} --list-vars` },
    );
  }
  const fixtures = fixturesFor(declaration.api, sources.fixturesFile);
  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const name of names) {
    const need = declaration.needs[name];
    const given = sources.vars[name] ?? nonEmpty(sources.env[varEnvName(name)]);
    const value = given ?? (need?.fixture === undefined ? undefined : at(fixtures, need.fixture));
    if (value === undefined) missing.push(name);
    else values[name] = need === undefined ? value : typed(value, need);
  }
  const [first, ...more] = missing;
  if (first !== undefined) {
    throw new UsageError(
      `scenario ${label} needs ${describeMissing(first, declaration)}${more.length === 0 ? "" : `; also ${more.join(", ")}`}`,
      { hint: `see volley load ${nameOrPath} --list-vars` },
    );
  }
  const parsed = parseScript(path, raw, values);
  if (!parsed.ok) throw new UsageError(`scenario ${parsed.path}: ${parsed.problem}`);
  return { path, label, declaration, script: parsed.script };
}

/** The scenario's file, parsed, and its declaration (validated): for `--list-vars` and `volley gate` too. */
export function readDeclared(nameOrPath: string): { path: string; raw: unknown; declaration: Declaration } {
  const read = readScript(nameOrPath, "scenarios");
  if (!read.ok) throw new UsageError(`scenario ${read.path}: ${read.problem}`);
  const volley = (read.raw as { config?: { volley?: unknown } } | null)?.config?.volley ?? {};
  const declaration = declarationSchema.safeParse(volley);
  if (!declaration.success) throw new UsageError(`scenario ${read.path}: config.volley: ${oneLine(declaration.error)}`);
  return { path: read.path, raw: read.raw, declaration: declaration.data };
}

/** The script validated with its `{{var.NAME}}` left in: enough to name its metrics, with no variable given. */
export function readUnfilled(nameOrPath: string): Script {
  const { path, raw } = readDeclared(nameOrPath);
  const placeholders = Object.fromEntries([...usedVars(raw)].map((n) => [n, `{{var.${n}}}`]));
  const parsed = parseScript(path, raw, placeholders);
  if (!parsed.ok) throw new UsageError(`scenario ${parsed.path}: ${parsed.problem}`);
  return parsed.script;
}

/** `volley load <scenario> --list-vars`: each variable, what it is, and the ways to give it. */
export function describeNeeds(nameOrPath: string): string {
  const { path, raw, declaration } = readDeclared(nameOrPath);
  const label = basename(path, extname(path));
  const names = [...new Set([...Object.keys(declaration.needs), ...usedVars(raw)])];
  if (names.length === 0) return `${label} needs no variables`;
  const width = Math.max(...names.map((n) => n.length));
  const lines = [`${label} needs (first found wins: --var NAME=VALUE, VOLLEY_VAR_<NAME>, --fixtures <file>):`];
  for (const name of names) {
    const need = declaration.needs[name];
    lines.push(`  ${name.padEnd(width)}  ${need?.description ?? "(not described in config.volley.needs)"}`);
    lines.push(`  ${"".padEnd(width)}  ${ways(name, declaration).join(" | ")}`);
  }
  return lines.join("\n");
}

function ways(name: string, declaration: Declaration): string[] {
  const fixture = declaration.needs[name]?.fixture;
  const where = declaration.api === undefined ? fixture : `${declaration.api}.${fixture}`;
  return [
    `--var ${name}=<value>`,
    varEnvName(name),
    fixture === undefined ? "no fixtures field holds it" : `--fixtures <file> with ${where}`,
  ];
}

function describeMissing(name: string, declaration: Declaration): string {
  const description = declaration.needs[name]?.description;
  const [flag, env, fixture] = ways(name, declaration);
  const how = fixture?.startsWith("--fixtures") ? `${flag}, ${env} or ${fixture}` : `${flag} or ${env} (${fixture})`;
  return `${name}${description === undefined ? "" : ` (${description})`}: give ${how}`;
}

/** Every `{{var.NAME}}` in the script, declared or not (a script written before `needs` existed still runs). */
function usedVars(raw: unknown): Set<string> {
  const names = new Set<string>();
  for (const m of JSON.stringify(raw ?? null).matchAll(/\{\{var\.([\w-]+)\}\}/g)) names.add(m[1] as string);
  return names;
}

/** The API's entry of the fixtures file, checked by that API's conformance suite: one file serves both commands. */
function fixturesFor(api: ApiName | undefined, file: string | undefined): unknown {
  if (file === undefined) return undefined;
  const whole = readJsonFile(file, "fixtures");
  // Keyed by API name (as `volley serve --fixtures` reads it) or one API's fixtures, as for `volley conformance`.
  const keyed = isObject(whole) && API_NAMES.some((name) => Object.hasOwn(whole, name));
  const entry = keyed && api !== undefined ? (whole[api] ?? {}) : whole;
  if (api === undefined) return entry;
  const parsed = suites[api].fixtures.safeParse(entry);
  if (!parsed.success)
    throw new UsageError(`fixtures file ${file} does not fit the ${api} suite: ${oneLine(parsed.error)}`);
  return parsed.data;
}

function at(value: unknown, path: string): unknown {
  let here = value;
  for (const key of path.split(".")) {
    if (Array.isArray(here)) here = key === "*" ? here[0] : here[Number(key)];
    else if (isObject(here))
      here = key === "*" ? Object.values(here)[0] : Object.hasOwn(here, key) ? here[key] : undefined;
    else return undefined;
  }
  return here === null ? undefined : here;
}

function typed(value: unknown, need: Need): unknown {
  const v = need.type === "id" && typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  return need.encode === "sha256-hex" ? createHash("sha256").update(String(v)).digest("hex") : v;
}

const nonEmpty = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
