import { randomInt } from "node:crypto";
import type { Exchange } from "../client/transcript.js";

/**
 * A token Volley made up to be unique (the 8-hex nonce of `volley-c793b21f-app`, the clock part of a NestMTX
 * requestId): letters and digits, at least 6 long, with a digit in it. Words and labels (`volley`, `cmd`) have none.
 */
const TOKEN = /[0-9A-Za-z]{6,}/g;
const isMadeUp = (token: string) => /\d/.test(token) || /^[0-9a-f]{8}$/.test(token);

/** ISO 8601 instants and epoch times (2001..2100, in ms or s): clocks, never the same twice. */
const isTimestamp = (v: unknown) =>
  (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v))) ||
  (typeof v === "number" && ((v > 1e12 && v < 4.1e12) || (v > 1e9 && v < 4.1e9)));

/**
 * What differs from one replay to the next, kept consistent within one: the names and ids the check made up get
 * fresh ones of the same shape (a long-running server still holds the recorded ones: `volley-c793b21f-app` is
 * taken), ids the server chose are learned from its answers and sent back in their place, and clocks are compared
 * by kind only. Everything else must be equal, so a wrong answer still departs.
 */
export class ReplayValues {
  /** Made-up token → its fresh stand-in for this replay. */
  readonly #fresh = new Map<string, string>();
  /** A value the server chose in the recording → what it chose this time. */
  readonly #learned = new Map<string | number, string | number>();
  /** Tokens that first appear in what a client sent, and are no fixture or credential: the check made them up. */
  readonly #madeUp = new Set<string>();
  /** Every token the recording holds, sent or answered. */
  readonly #seen = new Set<string>();
  /** Where each string or number was first sent: one that an answer holds before that is an id the server chose. */
  readonly #firstSent = new Map<unknown, number>();
  /** Tokens of the fixtures and credentials: real ids on the target, sent and compared as they are. */
  readonly #kept = new Set<string>();

  /** `given`: the fixtures' and credentials' values, whose tokens are real ids on the target and stay as they are. */
  constructor(exchanges: readonly Exchange[], given: unknown) {
    leaves(given, (v) => {
      if (typeof v === "string") for (const [t] of v.matchAll(TOKEN)) this.#kept.add(t);
    });
    exchanges.forEach((e, i) => {
      const sent = e.kind === "emit" ? e.args : e.kind === "connect" ? [e.auth, e.query, e.headers] : undefined;
      const answered =
        e.kind === "ack" || e.kind === "receive" ? e.args : e.kind === "refused" ? [e.message, e.data] : [];
      leaves(sent ?? answered, (v) => {
        if (sent !== undefined && (typeof v === "string" || typeof v === "number") && !this.#firstSent.has(v))
          this.#firstSent.set(v, i);
        if (typeof v !== "string") return;
        for (const [t] of v.matchAll(TOKEN)) {
          if (!isMadeUp(t) || this.#seen.has(t)) continue;
          this.#seen.add(t);
          if (sent !== undefined && !this.#kept.has(t)) this.#madeUp.add(t);
        }
      });
    });
  }

  /** A recorded value as this replay sends it. */
  send(value: unknown): unknown {
    return map(value, (v) => {
      const learned = typeof v === "string" || typeof v === "number" ? this.#learned.get(v) : undefined;
      if (learned !== undefined) return learned;
      return typeof v === "string" ? this.#freshen(v) : v;
    });
  }

  /**
   * Whether the live answer is the recorded one (exchange `at` of the recording) up to fresh names, the server's
   * own ids and clocks: same structure (keys, lengths, types) and same values otherwise. Ids it learns stay
   * learned only when the whole answer matches.
   */
  matches(recorded: unknown, live: unknown, at: number): boolean {
    const learned = new Map<string | number, string | number>();
    const ok = this.#same(json(recorded), json(live), at, learned);
    if (ok) for (const [k, v] of learned) this.#learned.set(k, v);
    return ok;
  }

  #same(rec: unknown, live: unknown, at: number, learned: Map<string | number, string | number>): boolean {
    if (Array.isArray(rec)) {
      return (
        Array.isArray(live) && rec.length === live.length && rec.every((r, i) => this.#same(r, live[i], at, learned))
      );
    }
    if (rec !== null && typeof rec === "object") {
      if (live === null || typeof live !== "object" || Array.isArray(live)) return false;
      const r = rec as Record<string, unknown>;
      const l = live as Record<string, unknown>;
      const keys = Object.keys(r);
      return keys.length === Object.keys(l).length && keys.every((k) => k in l && this.#same(r[k], l[k], at, learned));
    }
    if (typeof rec !== typeof live) return false;
    if (this.send(rec) === live) return true;
    if (isTimestamp(rec) && isTimestamp(live)) return true;
    if (typeof rec !== "string" && typeof rec !== "number") return false;
    // An id the server chose: a client sent it back only later, or it holds a token no client sent before.
    const firstSent = this.#firstSent.get(rec);
    const sentLater = firstSent !== undefined && firstSent > at;
    const serverToken =
      typeof rec === "string" &&
      [...rec.matchAll(TOKEN)].some(([t]) => isMadeUp(t) && !this.#madeUp.has(t) && !this.#kept.has(t));
    if (!sentLater && !serverToken) return false;
    learned.set(rec, live as string | number);
    return true;
  }

  #freshen(s: string): string {
    return s.replace(TOKEN, (t) => {
      if (!this.#madeUp.has(t)) return t;
      let fresh = this.#fresh.get(t);
      if (fresh === undefined) {
        fresh = sameShape(t);
        this.#fresh.set(t, fresh);
      }
      return fresh;
    });
  }
}

/** A random token with a digit where `t` has one, a hex letter for a hex letter, a letter for a letter. */
function sameShape(t: string): string {
  const pick = (chars: string) => chars[randomInt(chars.length)] ?? "";
  return [...t]
    .map((c) =>
      /\d/.test(c)
        ? pick("0123456789")
        : /[a-f]/.test(c)
          ? pick("abcdef")
          : /[a-z]/.test(c)
            ? pick("ghijklmnopqrstuvwxyz")
            : pick("GHIJKLMNOPQRSTUVWXYZ"),
    )
    .join("");
}

/** As the wire carries it: `undefined` fields and their absence are the same. */
function json(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v) ?? "null");
}

function leaves(v: unknown, fn: (leaf: unknown) => void): void {
  if (Array.isArray(v)) for (const x of v) leaves(x, fn);
  else if (v !== null && typeof v === "object") for (const x of Object.values(v)) leaves(x, fn);
  else fn(v);
}

function map(v: unknown, fn: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => map(x, fn));
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, map(x, fn)]));
  return fn(v);
}
