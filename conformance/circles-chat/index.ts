import { defineSuite } from "../index.js";
import { accessChecks } from "./access-checks.js";
import { authChecks } from "./auth-checks.js";
import { circleEventChecks } from "./circle-event-checks.js";
import { conversationEventChecks } from "./conversation-event-checks.js";
import { circlesChatFixtures } from "./fixtures.js";
import { messageChecks } from "./message-checks.js";
import { messageEventChecks } from "./message-event-checks.js";
import { fanOutCheck } from "./model/fan-out-check.js";
import { presenceChecks } from "./presence-checks.js";
import { roomChecks } from "./room-checks.js";
import { webrtcChecks } from "./webrtc-checks.js";
import { writingChecks } from "./writing-checks.js";

export { type CirclesChatFixtures, circlesChatFixtures } from "./fixtures.js";

/** circles-chat.md, check by check; the coverage table is docs/conformance-circles-chat.md. */
export const circlesChatSuite = defineSuite({
  api: "circles-chat",
  fixtures: circlesChatFixtures,
  checks: [
    ...authChecks,
    ...accessChecks,
    ...roomChecks,
    ...messageChecks,
    ...writingChecks,
    ...webrtcChecks,
    ...presenceChecks,
    ...circleEventChecks,
    ...conversationEventChecks,
    ...messageEventChecks,
    fanOutCheck,
  ],
});
