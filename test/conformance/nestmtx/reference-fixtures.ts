import { CAMERA_EVENTS, CREDENTIALS_EVENTS, SIMULATE_HTTP_PATH } from "../../../protocols/nestmtx/index.js";

/** The reference server's demo admin token (reference-server/nestmtx/fixtures.ts), given as `--token`. */
export const REFERENCE_TOKEN = "oat_demo-admin-token";

/** An entity no demo row has, so the triggered updates stand out from the feed simulation's. */
const TRIGGER_ENTITY = 4242;

/**
 * What a user of the reference server would put in a fixtures file: the demo ids, and its `POST /api/simulate`
 * (DECISIONS.md D12) as the trigger for every documented event.
 */
export const referenceFixtures = {
  existing: { users: 1, cameras: 1, credentials: 1 },
  triggers: [
    ...CAMERA_EVENTS.map((event) => ({ domain: "camera", event })),
    ...CREDENTIALS_EVENTS.map((event) => ({ domain: "credentials", event })),
  ].map(({ domain, event }) => ({
    domain,
    event,
    entity: TRIGGER_ENTITY,
    http: { path: SIMULATE_HTTP_PATH, body: { domain, event, entity: TRIGGER_ENTITY, details: { by: "volley" } } },
  })),
};
