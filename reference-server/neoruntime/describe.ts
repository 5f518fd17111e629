import { subscribableEvents } from "../../protocols/neoruntime/index.js";
import type { NeoruntimeFixtures } from "./fixtures.js";
import { Sessions } from "./sessions.js";

/** The lines `volley serve` prints under the URL: who can log in, with what hash, and what there is to select. */
export function describeNeoruntime(fixtures: NeoruntimeFixtures, linesPerSecond: number): string[] {
  const scripts = (["local", "remote"] as const).flatMap((loc) =>
    fixtures.scripts[loc].map((s) => {
      const exits = s.exitAfterLines === null ? "" : ` (exits after ${s.exitAfterLines} lines)`;
      return `${loc}/${s.name}${exits}`;
    }),
  );
  return [
    'users: emit "authenticate"(username, sha256 hex of password) for a token, then "authenticateToken"(token)',
    ...fixtures.users.map((u) => `  ${u.username} / ${u.password}   sha256 ${Sessions.passwordHash(u.password)}`),
    `scripts: ${scripts.join(", ")}`,
    `events (emit "<event>::join"): ${subscribableEvents.join(", ")}`,
    `script output: ${linesPerSecond} line(s)/s`,
  ];
}
