import { readFileSync } from "node:fs";
import { z } from "zod";
import { readCaFile, type TlsSettings } from "../clients/tls.js";
import { API_NAMES } from "../protocols/protocol.js";
import { mask } from "./client/transcript.js";
import { type Expectations, expectationsSchema } from "./runner/expectations.js";

/** A comma-separated list of check ids or id prefixes (flags, env), or an array (config file). */
const idList = z.union([z.string().transform((s) => s.split(",").filter(Boolean)), z.array(z.string())]);
/** A switch: `true` from a flag or config file, `1`/`true`/`0`/`false` from the environment. */
const flag = z.union([z.boolean(), z.enum(["1", "true", "0", "false"]).transform((s) => s === "1" || s === "true")]);

/** One layer of settings, as any source can give it; every key optional. Keys match the long flag names. */
export const settingsLayerSchema = z
  .object({
    api: z.enum(API_NAMES),
    target: z.url({ protocol: /^https?$/, error: "not an http(s) URL, e.g. http://127.0.0.1:7404" }),
    token: z.string().min(1),
    user: z.string().min(1),
    password: z.string().min(1),
    fixtures: z.string(),
    seed: z.coerce.number().int(),
    runs: z.coerce.number().int().positive(),
    timeout: z.coerce.number().int().positive(),
    silence: z.coerce.number().int().positive(),
    deadline: z.coerce.number().int().positive(),
    checks: idList,
    exclude: idList,
    restart: z.string().min(1),
    expectations: z.string(),
    sioVersion: z.union([z.literal("auto"), z.coerce.number().pipe(z.union([z.literal(2), z.literal(4)]))]),
    json: z.string(),
    junit: z.string(),
    html: z.string(),
    replayDir: z.string(),
    strict: flag,
    allowSkips: flag,
    path: z.string(),
    ca: z.string().min(1),
    insecure: flag,
    suite: z.string(),
  })
  .partial()
  .strict();

export type SettingsLayer = z.input<typeof settingsLayerSchema>;

/** The environment variable for each setting: `VOLLEY_` + the flag name in upper snake case. */
export const ENV_NAMES = Object.fromEntries(
  Object.keys(settingsLayerSchema.shape).map((k) => [k, `VOLLEY_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`]),
) as Readonly<Record<keyof SettingsLayer, string>>;

const DEFAULTS = {
  runs: 20,
  timeout: 2_000,
  silence: 300,
  sioVersion: "auto",
  replayDir: "reports/conformance",
  strict: false,
  allowSkips: false,
} as const;

/** The complete, frozen settings of one conformance run. */
export interface ConformanceOptions {
  readonly api: (typeof API_NAMES)[number];
  readonly target: string;
  readonly credentials: { readonly token?: string; readonly user?: string; readonly password?: string };
  /** The fixtures object for this API (the file's entry under the API's name, if it has one), or {}. */
  readonly fixtures: unknown;
  readonly fixturesFile?: string;
  readonly seed: number;
  readonly runs: number;
  readonly timeoutMs: number;
  readonly silenceMs: number;
  readonly deadlineMs: number;
  readonly checks: readonly string[];
  /** Check ids or prefixes left out of the selection (`--exclude`), same selectors as `checks`. */
  readonly exclude: readonly string[];
  /**
   * A shell command that brings the target back on the same URL (`--restart`), run when the target stops accepting
   * connections between checks.
   */
  readonly restart?: string;
  /** A run whose `must` checks were skipped or blocked exits 0 anyway (`--allow-skips`). */
  readonly allowSkips: boolean;
  readonly expectations: Expectations;
  readonly expectationsFile?: string;
  readonly sioVersion: 2 | 4 | "auto";
  /** How the probe and both client generations trust an HTTPS target: `--ca` (the file's PEM), `--insecure`. */
  readonly tls: TlsSettings;
  /** The `--ca` file, for the printed reproduce command. */
  readonly caFile?: string;
  readonly json?: string;
  readonly junit?: string;
  readonly html?: string;
  readonly replayDir: string;
  readonly strict: boolean;
  readonly path?: string;
  /** A module whose default export is a Suite, run instead of the registry's suite for `api`. */
  readonly suite?: string;
}

export type Resolved<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface OptionSources {
  /** Parsed command-line flags (only those given). */
  readonly flags: SettingsLayer;
  /** The process environment; only VOLLEY_* names are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A config file path (`--config` / VOLLEY_CONFIG): JSON holding the same keys as the flags. */
  readonly configFile?: string;
  /** Used when no seed is given anywhere. */
  readonly randomSeed: number;
}

/** Flags > env (VOLLEY_*) > config file > defaults, merged once into frozen options, or a usage message. */
export function resolveConformanceOptions(sources: OptionSources): Resolved<ConformanceOptions> {
  const layers: { name: string; raw: unknown }[] = [];
  if (sources.configFile !== undefined) {
    const config = readJson(sources.configFile, "config");
    if (!config.ok) return config;
    layers.push({ name: `config file ${sources.configFile}`, raw: config.value });
  }
  const env = Object.fromEntries(
    Object.entries(ENV_NAMES).flatMap(([key, name]) => {
      const v = sources.env[name];
      return v === undefined || v === "" ? [] : [[key, v]];
    }),
  );
  layers.push({ name: "environment", raw: env }, { name: "flags", raw: stripUndefined(sources.flags) });
  let merged: z.output<typeof settingsLayerSchema> = {};
  for (const layer of layers) {
    const parsed = settingsLayerSchema.safeParse(layer.raw);
    // One line (`key: message; ...`): the CLI prints a usage error as one line.
    if (!parsed.success) return { ok: false, message: `invalid ${layer.name}: ${oneLine(parsed.error)}` };
    merged = { ...merged, ...stripUndefined(parsed.data) };
  }
  const s = { ...DEFAULTS, ...merged };
  if (s.api === undefined) return { ok: false, message: `--api is required (one of ${API_NAMES.join(", ")})` };
  if (s.target === undefined)
    return { ok: false, message: "--target is required (the server's base URL, e.g. http://127.0.0.1:7404)" };

  let fixtures: unknown = {};
  if (s.fixtures !== undefined) {
    const file = readJson(s.fixtures, "fixtures");
    if (!file.ok) return file;
    // A fixtures file may be keyed by API name (as `volley serve --fixtures` reads it) or hold one API's fixtures.
    const v = file.value;
    fixtures = isObject(v) && isObject(v[s.api]) ? v[s.api] : v;
  }
  let expectations: Expectations = { expectedFailures: {} };
  if (s.expectations !== undefined) {
    const file = readJson(s.expectations, "expectations");
    if (!file.ok) return file;
    const parsed = expectationsSchema.safeParse(file.value);
    if (!parsed.success)
      return { ok: false, message: `invalid expectations file ${s.expectations}: ${z.prettifyError(parsed.error)}` };
    expectations = parsed.data;
  }
  let tls: TlsSettings = s.insecure === true ? { insecure: true } : {};
  if (s.ca !== undefined) {
    const ca = readCaFile(s.ca);
    if (!ca.ok) return ca;
    tls = { ...tls, ca: ca.value };
  }
  const options: ConformanceOptions = {
    api: s.api,
    target: s.target.replace(/\/+$/, ""),
    credentials: stripUndefined({ token: s.token, user: s.user, password: s.password }),
    fixtures,
    fixturesFile: s.fixtures,
    seed: s.seed ?? sources.randomSeed,
    runs: s.runs,
    timeoutMs: s.timeout,
    silenceMs: s.silence,
    // 30 s per 20 runs: a property or model check's time grows with --runs, and --runs must not turn into deadlines.
    deadlineMs: s.deadline ?? 30_000 * Math.max(1, Math.ceil(s.runs / 20)),
    checks: s.checks ?? [],
    exclude: s.exclude ?? [],
    restart: s.restart,
    allowSkips: s.allowSkips,
    expectations,
    expectationsFile: s.expectations,
    sioVersion: s.sioVersion,
    tls,
    caFile: s.ca,
    json: s.json,
    junit: s.junit,
    html: s.html,
    replayDir: s.replayDir,
    strict: s.strict,
    path: s.path,
    suite: s.suite,
  };
  return { ok: true, value: deepFreeze(stripUndefined(options)) };
}

/** The options as a person may see them: credentials masked. */
export function describeOptions(o: ConformanceOptions): string {
  const creds = Object.entries(o.credentials).map(([k, v]) => `${k}=${k === "user" ? v : mask(v)}`);
  return [
    `api=${o.api} target=${o.target} sio=${o.sioVersion} seed=${o.seed} runs=${o.runs} timeout=${o.timeoutMs}ms`,
    ...(creds.length > 0 ? [`credentials: ${creds.join(" ")}`] : []),
    ...(o.caFile === undefined ? [] : [`tls: trusting the certificates in ${o.caFile}`]),
    ...(o.tls.insecure === true ? ["tls: --insecure, certificates are not verified"] : []),
  ].join("\n");
}

function readJson(path: string, what: string): Resolved<unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return {
      ok: false,
      message: `cannot read ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: `${what} file ${path} is not valid JSON: ${(err as Error).message}` };
  }
}

function oneLine(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function deepFreeze<T>(o: T): T {
  if (typeof o === "object" && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
