/** Keys whose string values are credentials wherever they sit in a fixtures object. */
const SECRET_KEY = /token|secret|password|bearer|jwt/i;
/** Shorter values (an id, a flag) are not worth masking and would mask unrelated text. */
const MIN_SECRET_LENGTH = 8;

/**
 * The credentials inside a suite's fixtures (a user's token, a signing secret), named by their path
 * (`fixtures.users.alice.token`), so transcripts, reports and replay files mask them as they mask `--token`;
 * `volley replay --fixtures` fills them back in.
 */
export function fixtureSecrets(fixtures: unknown, path = "fixtures"): Record<string, string> {
  if (Array.isArray(fixtures)) {
    return Object.assign({}, ...fixtures.map((v, i) => fixtureSecrets(v, `${path}.${i}`)));
  }
  if (typeof fixtures !== "object" || fixtures === null) return {};
  const found: Record<string, string> = {};
  for (const [key, value] of Object.entries(fixtures)) {
    const at = `${path}.${key}`;
    if (typeof value === "string" && SECRET_KEY.test(key) && value.length >= MIN_SECRET_LENGTH) found[at] = value;
    else Object.assign(found, fixtureSecrets(value, at));
  }
  return found;
}
