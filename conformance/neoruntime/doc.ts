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

export const doc = (section: keyof typeof SECTIONS): DocPointer => ({
  file: "neoruntime.md",
  section: SECTIONS[section],
});
