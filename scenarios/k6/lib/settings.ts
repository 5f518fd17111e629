/** Script settings come from `k6 run -e NAME=value`; every one has a default except secrets such as tokens. */
export function setting(name: string, fallback?: string): string {
  const value = __ENV[name] ?? fallback;
  if (value === undefined || value === "") throw new Error(`set ${name}: k6 run -e ${name}=...`);
  return value;
}

export function numberSetting(name: string, fallback: number): number {
  const value = Number(setting(name, String(fallback)));
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
}
