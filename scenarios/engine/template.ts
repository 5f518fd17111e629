import { epochNow } from "./clock.js";

/**
 * Placeholders a scenario may put in emit arguments, replaced per message: `{{vu}}`, `{{seq}}`, `{{now}}` (epoch ms with
 * µs resolution from the monotonic clock, `clock.ts`),
 * `{{capture.NAME}}` (a value an earlier `emitAck` captured from its reply). A string that is exactly one
 * placeholder becomes the value itself (a number stays a number); inside a longer string it is interpolated.
 */
export interface TemplateValues {
  /** The virtual user's index, from 0. */
  readonly vu: number;
  /** The message's sequence number within this user's loop, from 0. */
  readonly seq: number;
  /** Values captured from earlier replies of this user (`emitAck.capture`). */
  readonly captured?: Readonly<Record<string, unknown>>;
}

/** A template turned into code once: fills its placeholders for one message without walking the template again. */
export type Template<T = unknown> = (values: TemplateValues) => T;

const PLACEHOLDER = /\{\{(vu|seq|now|capture\.[\w-]+)\}\}/g;
const WHOLE = /^\{\{(vu|seq|now|capture\.[\w-]+)\}\}$/;

function placeholder(name: string): Template {
  if (name === "vu") return (v) => v.vu;
  if (name === "seq") return (v) => v.seq;
  if (name === "now") return epochNow;
  const key = name.slice("capture.".length);
  return (v) => v.captured?.[key];
}

/** The template's filler, or the template itself when it holds no placeholder (the same value serves every message). */
function compilePart(value: unknown): Template | { constant: unknown } {
  if (typeof value === "string") {
    if (!value.includes("{{")) return { constant: value };
    const whole = WHOLE.exec(value)?.[1];
    if (whole !== undefined) return placeholder(whole);
    // Literal text and placeholders alternate: split once here, join per message.
    const literals = value.split(PLACEHOLDER).filter((_, i) => i % 2 === 0);
    const fillers = [...value.matchAll(PLACEHOLDER)].map((m) => placeholder(m[1] as string));
    if (fillers.length === 0) return { constant: value };
    return (v) => {
      let out = literals[0] as string;
      for (let i = 0; i < fillers.length; i++) out += String((fillers[i] as Template)(v)) + (literals[i + 1] as string);
      return out;
    };
  }
  if (Array.isArray(value)) {
    const parts = value.map(compilePart);
    if (parts.every((p) => typeof p !== "function")) return { constant: value };
    const fillers = parts.map((p) => (typeof p === "function" ? p : () => p.constant));
    return (v) => fillers.map((f) => f(v));
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, compilePart(v)] as const);
    if (entries.every(([, p]) => typeof p !== "function")) return { constant: value };
    // fromEntries, not assignment: a `__proto__` key stays a plain property.
    return (v) => Object.fromEntries(entries.map(([k, p]) => [k, typeof p === "function" ? p(v) : p.constant]));
  }
  return { constant: value };
}

/**
 * Compiles a template once per step (all users share it); each message then only evaluates its placeholders.
 * Values without placeholders are returned as they are, shared by every message: nothing on the send path
 * mutates emit arguments.
 */
export function compile(value: readonly unknown[]): Template<unknown[]>;
export function compile(value: unknown): Template;
export function compile(value: unknown): Template {
  const part = compilePart(value);
  if (typeof part === "function") return part;
  return () => part.constant;
}

/**
 * Replaces `{{var.NAME}}` anywhere in a parsed script with a value given at run time (`volley load --var NAME=...`,
 * Artillery's `config.variables`): credentials that expire are not written into scenario files. A string that is
 * exactly one placeholder becomes the value itself, so an id given as a number (a fixtures file's `1`) stays one.
 */
export function fillVars(value: unknown, vars: Readonly<Record<string, unknown>>, missing: Set<string>): unknown {
  if (typeof value === "string") {
    const whole = /^\{\{var\.([\w-]+)\}\}$/.exec(value)?.[1];
    // Own keys only: `{{var.constructor}}` must not find Object's.
    const given = (name: string) => (Object.hasOwn(vars, name) ? vars[name] : undefined);
    if (whole !== undefined && given(whole) !== undefined) return given(whole);
    return value.replace(/\{\{var\.([\w-]+)\}\}/g, (whole, name: string) => {
      const v = given(name);
      if (v === undefined) missing.add(name);
      return v === undefined ? whole : String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => fillVars(v, vars, missing));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillVars(v, vars, missing)]));
  }
  return value;
}
