import type { Check, DocPointer } from "../index.js";
import type { CirclesChatFixtures } from "./fixtures.js";

export type ChatCheck = Check<CirclesChatFixtures>;

/** The sections of circles-chat.md, as headed there; REAL-SERVERS.md and DECISIONS.md settle what they leave open. */
export const SECTIONS = {
  basics: "Basics",
  authentication: "Basics, Authentication",
  disconnect: "Basics, Disconnect",
  channels: "Listened Channels",
  circleEvents: "Circle Events",
  conversationEvents: "Conversations Events",
  messageEvents: "Messages Events",
  mediaEvents: "Medias Events",
  webrtc: "Events Webrtc",
} as const;

export const doc = (section: keyof typeof SECTIONS): DocPointer => ({
  file: "circles-chat.md",
  section: SECTIONS[section],
});
