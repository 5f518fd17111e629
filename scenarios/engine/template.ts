/**
 * Placeholders a scenario may put in emit arguments, replaced per message: `{{vu}}`, `{{seq}}`, `{{now}}` (epoch ms).
 * A string that is exactly one placeholder becomes the number; inside a longer string it is interpolated.
 */
export interface TemplateValues {
  /** The virtual user's index, from 0. */
  readonly vu: number;
  /** The message's sequence number within this user's loop, from 0. */
  readonly seq: number;
}

export function fill(value: unknown, values: TemplateValues): unknown {
  if (typeof value === "string") {
    if (!value.includes("{{")) return value;
    if (value === "{{vu}}") return values.vu;
    if (value === "{{seq}}") return values.seq;
    if (value === "{{now}}") return Date.now();
    return value.replace(/\{\{(vu|seq|now)\}\}/g, (_, name: string) =>
      String(name === "vu" ? values.vu : name === "seq" ? values.seq : Date.now()),
    );
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
