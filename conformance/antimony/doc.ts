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

/**
 * Where a check's expectation comes from: the section, the sentence (or table row) it enforces, copied from
 * antimony.md, and, for a `should` that needs more, the DECISIONS.md item or REAL-SERVERS.md fact it also rests on.
 */
export const doc = (section: keyof typeof SECTIONS, quote: string, decision?: string): DocPointer => ({
  file: "antimony.md",
  section: SECTIONS[section],
  quote,
  ...(decision === undefined ? {} : { decision }),
});

/** Sentences more than one check enforces. */
export const QUOTES = {
  auth: "As with Antimony's RESTful API, the user needs to authenticate themselves with the Antimony `access token` to get access to it.",
  logBacklog: "This event is fired when a client subscribes to the namespace.",
  needsNodeOrShell: "Some commands require the optional `node` field or `shellId` field in order to work.",
  notRunning: "`5003` | The specified lab is not running.",
  noAccess: "`5403` | Generic error that is returned when the user does not have access to the requested resource.",
  shellCommands:
    "The shell commands namespace is a global namespace that is used by the server to indicate that something has happened with a currently open shell to the client.",
} as const;
