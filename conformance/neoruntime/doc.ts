import type { Check, CheckContext, DocPointer } from "../index.js";
import type { NeoruntimeFixtures } from "./fixtures.js";

export type NeoCheck = Check<NeoruntimeFixtures>;
export type Ctx = CheckContext<NeoruntimeFixtures>;

/** The sections of neoruntime.md, as headed there; REAL-SERVERS.md settles what they leave open. */
const SECTIONS = {
  connect: "Client, Connect",
  actions: '"Actions"',
  status: "NeoRuntime/status",
  create: "NeoRuntime/Script/Create",
  delete: "NeoRuntime/Script/Delete",
  select: "NeoRuntime/Script/Select",
  list: "NeoRuntime/Scripts/get",
  events: '"Events"',
} as const;

/**
 * Where a check's expectation comes from: the section, the sentence or table row it enforces (`quote`, verbatim),
 * and the DECISIONS.md item or REAL-SERVERS.md fact it also needs (`decision`: such a check is a `should`).
 */
export const doc = (section: keyof typeof SECTIONS, quote: string, decision?: string): DocPointer => ({
  file: "neoruntime.md",
  section: SECTIONS[section],
  quote,
  ...(decision === undefined ? {} : { decision }),
});

/** The sentences and table rows the checks enforce, copied from neoruntime.md. */
export const QUOTES = {
  tokenIssued: "Token will be a string if username/password combo is right,",
  tokenRefused: "// if not, it is false.",
  tokenAccepted: "Res is true if we got authenticated,",
  tokenRejected: "// If not, it is false.",
  authenticated: "We are now authenticated, and all actions and events are available to the client.",
  cookie: 'setCookie("session_token", token, 500);',
  action: "Socket.emit(Action, *Arguments, (Return) => {",
  status: 'currentScript | string | "None"/Name of current script',
  create: "scriptPath | string | Path of the new script, local/example",
  failed: "resMsg | string | if fail, errorMessage",
  delete: "scriptPath | string | Path of the script to delete, local/example",
  select: "scriptPath | string | Path of the script to start, local/example",
  list: "local | list | local scripts",
  join: 'Socket.emit(event + "::join");',
  leave: 'Socket.emit(event + "::leave")',
} as const;
