import type { ApiName } from "../../protocols/protocol.js";
import { antimonyFixturesSchema } from "../../reference-server/antimony/fixtures.js";
import { mintToken } from "../../reference-server/antimony/token.js";
import type { ServerOptionsInput } from "../../reference-server/options.js";
import { chatFixtures, embeddedConformance } from "./conformance-targets.js";

/** A short run of one scenario in scenarios/ against the embedded server of its API, for `volley start`. */
export interface EmbeddedLoadRun {
  /** The scenario file's name in scenarios/, without `.yml`; its budgets file is `<scenario>.budgets.json`. */
  readonly scenario: string;
  readonly api: ApiName;
  readonly vus: number;
  readonly rate?: number;
  readonly durationSeconds: number;
}

/** The load servers simulate log output fast enough for the floods' throughput budgets to mean something. */
export const embeddedLoadServerOptions: ServerOptionsInput = {
  simulation: { logLinesPerSecond: 100, deployMs: 200 },
};

/**
 * The embedded server's demo data as a person using it would give it to `volley load --fixtures`: keyed by API name,
 * in the conformance suites' field names (one file serves both commands). Derived from the demo fixtures, so a
 * change to the demo data follows; chat tokens expire, so they are minted per call.
 */
export function embeddedLoadFixtures(): Partial<Record<ApiName, unknown>> {
  const antimony = antimonyFixturesSchema.parse({});
  const lab = antimony.labs.find((l) => !l.failDeploy);
  return {
    "circles-chat": chatFixtures(),
    nestmtx: embeddedConformance.nestmtx.fixtures(""),
    antimony: {
      ...(lab === undefined
        ? {}
        : { token: mintToken(antimony.jwtSecret, lab.owner), lab: { id: lab.id, nodes: lab.nodes } }),
    },
  };
}

/**
 * What the suites take as `--token`/`--user`/`--password` rather than from fixtures, given to the load runs as
 * `--var token=...` and so on (the scenarios' variables have the same names).
 */
export function embeddedLoadCredentials(api: ApiName): Record<string, string> {
  // The embedded antimony suite runs on a server of its own with another secret; the fixtures carry the load token.
  if (api === "antimony") return {};
  return Object.fromEntries(
    Object.entries(embeddedConformance[api].credentials).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

/** Each scenario's short run: small enough that `npm start` stays under a minute or two, long enough to measure. */
export const embeddedLoadRuns: readonly EmbeddedLoadRun[] = [
  { scenario: "command-network-request", api: "command-network", vus: 5, rate: 200, durationSeconds: 3 },
  // --rate is the one sender's: 10 messages a second to 10 receivers.
  { scenario: "command-network-fanout", api: "command-network", vus: 11, rate: 10, durationSeconds: 3 },
  { scenario: "circles-chat-fanout", api: "circles-chat", vus: 11, rate: 10, durationSeconds: 3 },
  { scenario: "neoruntime-request", api: "neoruntime", vus: 5, rate: 100, durationSeconds: 1 },
  { scenario: "nestmtx-request", api: "nestmtx", vus: 5, rate: 100, durationSeconds: 1 },
  { scenario: "nestmtx-connect-storm", api: "nestmtx", vus: 20, durationSeconds: 3 },
  { scenario: "nestmtx-log-flood", api: "nestmtx", vus: 10, durationSeconds: 3 },
  { scenario: "antimony-log-flood", api: "antimony", vus: 10, durationSeconds: 3 },
  // Within the reference server's 8 shells per user: every user has the one token.
  { scenario: "antimony-shell-io", api: "antimony", vus: 6, rate: 60, durationSeconds: 3 },
];
