import type { Check, CheckContext, DocPointer } from "../index.js";
import type { AntimonySuiteFixtures } from "./fixtures.js";

export type AntimonyCheck = Check<AntimonySuiteFixtures>;
export type Ctx = CheckContext<AntimonySuiteFixtures>;

/** The sections of antimony.md, as headed there; REAL-SERVERS.md and DECISIONS.md settle what they leave open. */
export const SECTIONS = {
  acks: "Socket Acknowledgements",
  auth: "Authentication",
  status: "Namespaces, Status Messages",
  labUpdates: "Namespaces, Lab Updates",
  labLogs: "Namespaces, Lab Log Streaming",
  nodeLogs: "Namespaces, Node Log Streaming",
  labCommands: "Namespaces, Lab Commands",
  commands: "Namespaces, Lab Commands, Available Commands",
  shellCommands: "Namespaces, Shell Commands",
  shellIo: "Namespaces, Shell I/O",
  errors: "Error Codes",
} as const;

export const doc = (section: keyof typeof SECTIONS): DocPointer => ({
  file: "antimony.md",
  section: SECTIONS[section],
});
