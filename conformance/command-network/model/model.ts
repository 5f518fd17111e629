import type { Target } from "../../../protocols/command-network/index.js";
import { type CheckContext, Mismatch, type SioClient } from "../../index.js";
import type { DocumentedId } from "../documented.js";
import type { CommandNetworkFixtures } from "../fixtures.js";

/** Connections a sequence drives; each slot holds one connection at a time (closed, then reopened). */
export const SLOTS = 3;
/** Names a sequence registers (indexes 0..POOL-1). */
export const POOL = 2;
/** Index of the ghost, a name never registered (440). */
export const GHOST = POOL;
/**
 * Index of the fixtures' first known client, registered on the target and not connected (441) when the user gave
 * one; otherwise a second ghost.
 */
export const KNOWN = POOL + 1;

/** What the document says the server knows about one of the pool's names, once it was registered. */
export interface NameState {
  connected: boolean;
  /** Learned from the server the first time it is seen, then required to stay the same (§ Theory 1, D13). */
  id: DocumentedId | undefined;
}

export interface SlotState {
  open: boolean;
  /** The index of the name this connection registered, if it did. */
  name: number | undefined;
}

/**
 * A command that reached every target it named (a broadcast, or an array of live clients): it must then be among
 * the past commands. Others (a never-registered or disconnected target) may or may not be recorded (D11).
 */
export interface IssuedCommand {
  readonly command: string;
  readonly meta: unknown;
  readonly target: Target;
}

/** The in-memory model of one sequence. */
export interface NetModel {
  /** By name index: the names registered so far. */
  readonly names: Map<number, NameState>;
  readonly slots: SlotState[];
  readonly issued: IssuedCommand[];
}

/** The real side: the connections, the names behind the indexes and the observer. */
export interface NetReal {
  readonly ctx: CheckContext<CommandNetworkFixtures>;
  /** POOL registrable names, the ghost, the known client: see GHOST and KNOWN. */
  readonly names: readonly string[];
  /** The model this sequence runs against (the final sweep needs to know which connections are registered). */
  readonly model: NetModel;
  /** A registered connection that never acts: it receives every broadcast and every disconnect notice. */
  readonly observer: SioClient;
  readonly clients: SioClient[];
  /** Every command of the sequence starts with this, so its deliveries are told from other traffic. */
  readonly commandPrefix: string;
  commandsSent: number;
  /**
   * The broadcasts of registered senders so far. A connection that never registered may get them (DECISIONS.md D1),
   * at any time before it registers, however late the server delivers them: they are no strays for it.
   */
  readonly broadcasts: Set<string>;
  /** Set once a step departed from the model: the final sweep then leaves the failure as it is. */
  failed: boolean;
}

export const freshModel = (knownClient: boolean): NetModel => ({
  names: new Map(knownClient ? [[KNOWN, { connected: false, id: undefined }]] : []),
  slots: Array.from({ length: SLOTS }, () => ({ open: true, name: undefined })),
  issued: [],
});

/** The slot currently holding name `index`'s connection, or -1. */
export const holderOf = (m: Readonly<NetModel>, index: number) =>
  m.slots.findIndex((s) => s.open && s.name === index && m.names.get(index)?.connected === true);

/** The open connections, registered or not, with their slot; the observer is not among them. */
export function openSlots(m: Readonly<NetModel>, r: NetReal) {
  const open = m.slots.flatMap((s, slot) => {
    const client = r.clients[slot];
    return s.open && client !== undefined ? [{ slot, client, name: s.name }] : [];
  });
  return {
    registered: open.filter((o) => o.name !== undefined),
    unregistered: open.filter((o) => o.name === undefined),
  };
}

/** Ids are learned the first time the server shows one, then must stay the same (DECISIONS.md D13). */
export function learnId(m: NetModel, index: number, id: DocumentedId, where: string): void {
  const state = m.names.get(index);
  if (state === undefined) return;
  if (state.id === undefined) state.id = id;
  else if (state.id !== id) {
    throw new Mismatch({
      title: `${where} shows name n${index} with another id than before`,
      expected: state.id,
      actual: id,
    });
  }
}

/** How counterexamples name a name index: n0, n1, ghost, known. */
export const label = (index: number) => (index === GHOST ? "ghost" : index === KNOWN ? "known" : `n${index}`);

/** How failures name a connection: by its slot (s0, s1, ...) or "observer", as counterexamples do. */
export const who = (r: NetReal, client: SioClient) =>
  client === r.observer ? "the observer" : `s${r.clients.indexOf(client)} (${client.name})`;
