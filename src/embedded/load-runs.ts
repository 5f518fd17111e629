import type { ApiName } from "../../protocols/protocol.js";
import { circlesChatFixtures as chatServerFixtures } from "../../reference-server/circles-chat/fixtures.js";
import { signToken } from "../../reference-server/circles-chat/token.js";
import type { ServerOptionsInput } from "../../reference-server/options.js";

/** A short run of one scenario in scenarios/ against the embedded server of its API, for `volley start`. */
export interface EmbeddedLoadRun {
  /** The scenario file's name in scenarios/, without `.yml`; its budgets file is `<scenario>.budgets.json`. */
  readonly scenario: string;
  readonly api: ApiName;
  readonly vus: number;
  readonly rate?: number;
  readonly durationSeconds: number;
  /** Values for `{{var.name}}` in the script (what a user passes with `--var`). */
  vars?(): Record<string, string>;
}

/** The load servers simulate log output fast enough for the floods' throughput budgets to mean something. */
export const embeddedLoadServerOptions: ServerOptionsInput = {
  simulation: { logLinesPerSecond: 100, deployMs: 200 },
};

/** alice's chat token, as `volley serve` prints it (tokens expire, so it is minted per run). */
function chatToken(): string {
  const demo = chatServerFixtures.parse({});
  return signToken(demo.secret, { user_id: 1 }, 3_600);
}

/** Each scenario's short run: small enough that `npm start` stays under a minute or two, long enough to measure. */
export const embeddedLoadRuns: readonly EmbeddedLoadRun[] = [
  { scenario: "command-network-request", api: "command-network", vus: 5, rate: 200, durationSeconds: 3 },
  { scenario: "command-network-fanout", api: "command-network", vus: 11, rate: 110, durationSeconds: 3 },
  {
    scenario: "circles-chat-fanout",
    api: "circles-chat",
    vus: 11,
    rate: 110,
    durationSeconds: 3,
    vars: () => ({ token: chatToken() }),
  },
  { scenario: "neoruntime-request", api: "neoruntime", vus: 5, rate: 100, durationSeconds: 1 },
  { scenario: "nestmtx-request", api: "nestmtx", vus: 5, rate: 100, durationSeconds: 1 },
  { scenario: "nestmtx-connect-storm", api: "nestmtx", vus: 20, durationSeconds: 3 },
  { scenario: "nestmtx-log-flood", api: "nestmtx", vus: 10, durationSeconds: 3 },
  { scenario: "antimony-log-flood", api: "antimony", vus: 10, durationSeconds: 3 },
  // Within the reference server's 8 shells per user: every user is alice.
  { scenario: "antimony-shell-io", api: "antimony", vus: 6, rate: 60, durationSeconds: 3 },
];
