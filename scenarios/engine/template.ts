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
