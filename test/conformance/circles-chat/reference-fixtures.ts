import { circlesChatFixtures as serverFixtures } from "../../../reference-server/circles-chat/fixtures.js";
import { signToken } from "../../../reference-server/circles-chat/token.js";

/**
 * The conformance fixtures that describe the reference server's demo data (its `fixtures.parse({})`): what a user
 * would write by hand from `volley serve`'s printed tokens. Derived, so a change to the demo data follows.
 */
export function referenceFixtures(adminUrl?: string) {
  const demo = serverFixtures.parse({});
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
