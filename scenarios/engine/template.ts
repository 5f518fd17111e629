/**
 * Placeholders a scenario may put in emit arguments, replaced per message: `{{vu}}`, `{{seq}}`, `{{now}}` (epoch ms),
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

const PLACEHOLDER = /\{\{(vu|seq|now|capture\.[\w-]+)\}\}/g;

function placeholderValue(name: string, values: TemplateValues): unknown {
  if (name === "vu") return values.vu;
  if (name === "seq") return values.seq;
  if (name === "now") return Date.now();
  return values.captured?.[name.slice("capture.".length)];
}

export function fill(value: unknown, values: TemplateValues): unknown {
  if (typeof value === "string") {
    if (!value.includes("{{")) return value;
    const whole = /^\{\{(vu|seq|now|capture\.[\w-]+)\}\}$/.exec(value);
    if (whole?.[1] !== undefined) return placeholderValue(whole[1], values);
    return value.replace(PLACEHOLDER, (_, name: string) => String(placeholderValue(name, values)));
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, values));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values)]));
  }
  return value;
}

/**
 * Replaces `{{var.NAME}}` anywhere in a parsed script with a value given at run time (`volley load --var NAME=...`,
 * Artillery's `config.variables`): credentials that expire are not written into scenario files.
 */
export function fillVars(value: unknown, vars: Readonly<Record<string, string>>, missing: Set<string>): unknown {
  if (typeof value === "string") {
    return value.replace(/\{\{var\.([\w-]+)\}\}/g, (whole, name: string) => {
      const v = vars[name];
      if (v === undefined) missing.add(name);
      return v ?? whole;
    });
  }
  if (Array.isArray(value)) return value.map((v) => fillVars(v, vars, missing));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillVars(v, vars, missing)]));
  }
  return value;
}
