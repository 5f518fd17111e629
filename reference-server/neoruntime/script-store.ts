import {
  type NeoruntimeErrorCode,
  neoruntimeErrors,
  type ScriptEntry,
  type ScriptList,
  type ScriptLocation,
  scriptPathArgsSchema,
  scriptPathSchema,
} from "../../protocols/neoruntime/index.js";
import type { FixtureScript } from "./fixtures.js";

/** Scripts the server keeps in all, so Create cannot grow memory without bound (DECISIONS.md D10). */
export const MAX_SCRIPTS = 1000;

export interface StoredScript extends ScriptEntry {
  readonly exitAfterLines: number | null;
}

/** A scriptPath that passed validation, split into its parts. */
export type ParsedPath =
  | { readonly ok: true; readonly path: string; readonly loc: ScriptLocation; readonly name: string }
  | { readonly ok: false; readonly code: NeoruntimeErrorCode };

/** Validates the arguments of Create, Delete or Select: `invalid_arguments`, then `invalid_path` (D8, D9). */
export function parseScriptPath(values: readonly unknown[]): ParsedPath {
  const args = scriptPathArgsSchema.safeParse(values);
  if (!args.success) return { ok: false, code: neoruntimeErrors.invalidArguments };
  const path = scriptPathSchema.safeParse(args.data[0]);
  if (!path.success) return { ok: false, code: neoruntimeErrors.invalidPath };
  const [loc, name] = path.data.split("/") as [ScriptLocation, string];
  return { ok: true, path: path.data, loc, name };
}

/** The local and remote scripts, keyed by path (REAL-SERVERS.md: `{name, loc, path, lang}`). */
export class ScriptStore {
  private readonly scripts = new Map<string, StoredScript>();

  constructor(fixtures: { local: readonly FixtureScript[]; remote: readonly FixtureScript[] }) {
    for (const loc of ["local", "remote"] as const) {
      for (const s of fixtures[loc]) this.put(loc, s.name, s.lang, s.exitAfterLines);
    }
  }

  get(path: string): StoredScript | undefined {
    return this.scripts.get(path);
  }

  /** Adds an empty local script (D10, D19); the caller has checked the path and that it is new. */
  create(name: string): NeoruntimeErrorCode | undefined {
    if (this.scripts.size >= MAX_SCRIPTS) return neoruntimeErrors.tooManyScripts;
    this.put("local", name, "python", null);
    return undefined;
  }

  delete(path: string): void {
    this.scripts.delete(path);
  }

  list(): ScriptList {
    const entry = ({ name, loc, path, lang }: StoredScript): ScriptEntry => ({ name, loc, path, lang });
    const all = [...this.scripts.values()];
    return {
      local: all.filter((s) => s.loc === "local").map(entry),
      remote: all.filter((s) => s.loc === "remote").map(entry),
    };
  }

  private put(loc: ScriptLocation, name: string, lang: string, exitAfterLines: number | null): void {
    const path = `${loc}/${name}`;
    this.scripts.set(path, { name, loc, path, lang, exitAfterLines });
  }
}
