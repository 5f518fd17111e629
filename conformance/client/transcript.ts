/**
 * Every exchange a check makes with the target, in order: what a failure shows, what `volley replay` re-runs.
 * Secrets never enter the record: a value equal to a known credential is stored as `{ "$secret": name }`, which
 * replay resolves again from its own `--token`/`--password` flags.
 */
export type Exchange =
  | {
      readonly at: number;
      readonly client: string;
      readonly kind: "connect";
      readonly namespace: string;
      readonly auth?: unknown;
      readonly query?: unknown;
      readonly headers?: unknown;
    }
  | { readonly at: number; readonly client: string; readonly kind: "connected" }
  | {
      readonly at: number;
      readonly client: string;
      readonly kind: "refused";
      readonly message: string;
      readonly data?: unknown;
    }
  | {
      readonly at: number;
      readonly client: string;
      readonly kind: "emit";
      readonly event: string;
      readonly args: readonly unknown[];
      readonly ack: boolean;
    }
  | {
      readonly at: number;
      readonly client: string;
      readonly kind: "ack";
      readonly event: string;
      readonly args: readonly unknown[];
    }
  | {
      readonly at: number;
      readonly client: string;
      readonly kind: "receive";
      readonly event: string;
      readonly args: readonly unknown[];
    }
  | {
      readonly at: number;
      readonly client: string;
      readonly kind: "timeout";
      readonly waitingFor: string;
      readonly ms: number;
    }
  | { readonly at: number; readonly client: string; readonly kind: "disconnect"; readonly reason: string }
  | { readonly at: number; readonly client: string; readonly kind: "close" };

export type ExchangeKind = Exchange["kind"];

/** Distributes Omit over the union, so `record({kind: "emit", ...})` is checked against the right member. */
type WithoutAt<T> = T extends unknown ? Omit<T, "at"> : never;

export class Transcript {
  readonly #entries: Exchange[] = [];
  readonly #started = Date.now();
  readonly #secrets: ReadonlyMap<string, string>;

  /** `secrets` maps a credential's name (`token`) to its value; empty values are ignored. */
  constructor(secrets: Readonly<Record<string, string | undefined>> = {}) {
    this.#secrets = new Map(
      Object.entries(secrets).flatMap(([name, value]) => (value ? [[value, name] as [string, string]] : [])),
    );
  }

  record(entry: WithoutAt<Exchange>): void {
    this.#entries.push({ ...redact(entry, this.#secrets), at: Date.now() - this.#started } as Exchange);
  }

  get entries(): readonly Exchange[] {
    return this.#entries;
  }

  /** A position to take `since()` from: a model run marks each attempt so a failure keeps only its own exchanges. */
  mark(): number {
    return this.#entries.length;
  }

  since(mark: number): readonly Exchange[] {
    return this.#entries.slice(mark);
  }
}

function redact<T>(value: T, secrets: ReadonlyMap<string, string>): T {
  if (secrets.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const name = secrets.get(v);
      if (name !== undefined) return { $secret: name };
      // A bearer header carries the token inside a longer string; short values (a user name) only match whole,
      // or every text containing "ada" would be rewritten.
      for (const [secret, n] of secrets) {
        if (secret.length >= 8 && v.includes(secret)) return { $secret: n, template: v.replace(secret, "{}") };
      }
      return v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** The inverse of the redaction: puts the caller's own credentials back before a replay sends anything. */
export function unredact(value: unknown, secrets: Readonly<Record<string, string | undefined>>): unknown {
  if (Array.isArray(value)) return value.map((v) => unredact(v, secrets));
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (typeof obj.$secret === "string") {
      const secret = secrets[obj.$secret] ?? "";
      return typeof obj.template === "string" ? obj.template.replace("{}", secret) : secret;
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unredact(v, secrets)]));
  }
  return value;
}

/** Shows a credential without giving it away: its first characters and its length. */
export function mask(secret: string | undefined): string | undefined {
  if (secret === undefined) return undefined;
  return secret.length <= 8 ? `*** (${secret.length} chars)` : `${secret.slice(0, 4)}… (${secret.length} chars)`;
}

/** Names clients c1, c2, ... in order of appearance, so a counterexample cut from a longer run reads on its own. */
export function renumberClients(exchanges: readonly Exchange[]): Exchange[] {
  const names = new Map<string, string>();
  return exchanges.map((e) => {
    let name = names.get(e.client);
    if (name === undefined) {
      name = `c${names.size + 1}`;
      names.set(e.client, name);
    }
    return { ...e, client: name };
  });
}
