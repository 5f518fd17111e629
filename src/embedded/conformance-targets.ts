import type { Credentials } from "../../conformance/check.js";
import { subscribableEvents } from "../../protocols/neoruntime/index.js";
import { CAMERA_EVENTS, CREDENTIALS_EVENTS, SIMULATE_HTTP_PATH } from "../../protocols/nestmtx/index.js";
import type { ApiName } from "../../protocols/protocol.js";
import { mintToken } from "../../reference-server/antimony/token.js";
import { circlesChatFixtures as chatServerFixtures } from "../../reference-server/circles-chat/fixtures.js";
import { signToken } from "../../reference-server/circles-chat/token.js";
import { commandNetworkFixturesSchema as networkServerFixtures } from "../../reference-server/command-network/fixtures.js";
import { neoruntimeFixturesSchema } from "../../reference-server/neoruntime/fixtures.js";
import type { ServerOptionsInput } from "../../reference-server/options.js";

/**
 * How each conformance suite meets the embedded reference server: the server's fixtures and options, and what a user
 * of that server would give the suite (`--fixtures`, `--token`/`--user`/`--password`). Derived from the server's demo
 * data where possible, so a change to the demo data follows. Used by `volley start` and by the per-API suite tests.
 */
export interface EmbeddedConformance {
  readonly serverFixtures?: unknown;
  readonly serverOptions?: ServerOptionsInput;
  /** The suite's fixtures for a server reachable at `url`. */
  fixtures(url: string): unknown;
  readonly credentials: Credentials;
}

const neoruntimeUser = neoruntimeFixturesSchema.parse({}).users[0];
const [neoStatus, neoScripts, neoOutput] = subscribableEvents;

/**
 * The chat's demo users and devices, named `user<id>` / `device<id>`, with tokens signed by the demo secret; with
 * `adminUrl`, the reference server's admin API as the trigger of the events the socket cannot cause.
 */
export function chatFixtures(adminUrl?: string) {
  const demo = chatServerFixtures.parse({});
  const token = (claims: { user_id: number } | { device_id: number }) => signToken(demo.secret, claims, 3_600);
  const userName = (id: number) => `user${id}`;
  const deviceName = (id: number) => `device${id}`;
  return {
    users: Object.fromEntries(
      demo.users.map((u) => [userName(u.id), { token: token({ user_id: u.id }), id: u.id, email: u.email }]),
    ),
    devices: Object.fromEntries(
      demo.devices.map((d) => [deviceName(d.id), { token: token({ device_id: d.id }), id: d.id }]),
    ),
    conversations: demo.conversations.map((c) => ({
      id: c.id,
      members: [...c.members.map(userName), ...c.devices.map(deviceName)],
    })),
    circles: demo.circles.map((c) => ({
      id: c.id,
      members: [
        ...c.members.map(userName),
        ...demo.devices.filter((d) => d.circle_id === c.id && d.access).map((d) => deviceName(d.id)),
      ],
    })),
    secret: demo.secret,
    ...(adminUrl === undefined ? {} : { adminUrl }),
  };
}

/** The NestMTX demo admin's token (reference-server/nestmtx/fixtures.ts), given as `--token`. */
export const NESTMTX_TOKEN = "oat_demo-admin-token";

/** An entity no NestMTX demo row has, so triggered updates stand out from the feed simulation's. */
const NESTMTX_TRIGGER_ENTITY = 4242;
export const nestmtxFixtures = {
  existing: { users: 1, cameras: 1, credentials: 1 },
  // The demo admin's expired bearer (reference-server/nestmtx/fixtures.ts), for nestmtx.auth.expired-token-refused.
  expiredToken: "oat_demo-admin-expired-token",
  // The reference server's `POST /api/simulate` (nestmtx DECISIONS.md D12) triggers every documented event.
  triggers: [
    ...CAMERA_EVENTS.map((event) => ({ domain: "camera", event })),
    ...CREDENTIALS_EVENTS.map((event) => ({ domain: "credentials", event })),
  ].map(({ domain, event }) => ({
    domain,
    event,
    entity: NESTMTX_TRIGGER_ENTITY,
    http: {
      path: SIMULATE_HTTP_PATH,
      body: { domain, event, entity: NESTMTX_TRIGGER_ENTITY, details: { by: "volley" } },
    },
  })),
};

/** Antimony: the demo users plus `lab-fresh`, which no check deploys (for the "never deployed" checks). */
const antimonySecret = "volley-antimony-conformance-secret";
const antimonyServerFixtures = {
  jwtSecret: antimonySecret,
  users: [
    { id: "alice", name: "Alice" },
    { id: "carol", name: "Carol" },
  ],
  labs: [
    { id: "lab-alpha", name: "Alpha", owner: "alice", nodes: ["router1", "router2"] },
    { id: "lab-broken", name: "Broken", owner: "alice", nodes: ["node1"], failDeploy: true },
    { id: "lab-fresh", name: "Fresh", owner: "alice", nodes: ["host1"] },
    { id: "lab-gamma", name: "Gamma", owner: "carol", nodes: ["host1"] },
  ],
};

export const embeddedConformance: Readonly<Record<ApiName, EmbeddedConformance>> = {
  neoruntime: {
    // 20 lines/s so output checks do not wait a second per line.
    serverOptions: { simulation: { scriptOutputPerSecond: 20 } },
    fixtures: () => ({ events: { status: neoStatus, scripts: neoScripts, output: neoOutput } }),
    credentials: { user: neoruntimeUser?.username ?? "", password: neoruntimeUser?.password ?? "" },
  },
  "command-network": {
    // The demo fixtures name a known, disconnected client; the suite reads the same key.
    fixtures: () => networkServerFixtures.parse({}),
    credentials: {},
  },
  "circles-chat": {
    fixtures: (url) => chatFixtures(url),
    credentials: {},
  },
  nestmtx: {
    fixtures: () => nestmtxFixtures,
    credentials: { token: NESTMTX_TOKEN },
  },
  antimony: {
    serverFixtures: antimonyServerFixtures,
    // Fast deploys and a small shell limit keep the suite quick.
    serverOptions: { simulation: { deployMs: 40, logLinesPerSecond: 20 }, limits: { maxShellsPerUser: 3 } },
    fixtures: () => ({
      lab: { id: "lab-alpha", nodes: ["router1", "router2"] },
      otherToken: mintToken(antimonySecret, "carol"),
      failingLab: { id: "lab-broken" },
      undeployedLab: { id: "lab-fresh", node: "host1" },
      shellLimit: 3,
    }),
    credentials: { token: mintToken(antimonySecret, "alice") },
  },
};
