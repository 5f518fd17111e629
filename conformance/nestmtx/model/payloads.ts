import type fc from "fast-check";
import {
  cameraCreateSchema,
  cameraUpdateSchema,
  credentialCreateSchema,
  credentialUpdateSchema,
  type EntityModule,
  userCreateSchema,
  userUpdateSchema,
} from "../../../protocols/nestmtx/index.js";
import { arbitraryOf } from "../../index.js";
import { newRequestId } from "../session.js";
import type { NestmtxModel } from "./model.js";

/** Generated from the protocol's schemas; values that must be unique on the server are filled in when sent. */
export type RawPayload = Record<string, unknown>;

const raw = (schema: Parameters<typeof arbitraryOf>[0]) => arbitraryOf(schema) as fc.Arbitrary<RawPayload>;

export const createPayloads: Record<EntityModule, fc.Arbitrary<RawPayload>> = {
  users: raw(userCreateSchema),
  cameras: raw(cameraCreateSchema),
  credentials: raw(credentialCreateSchema),
};

/** An update that changes nothing is left out: whether an empty payload is accepted is the server's choice. */
const changing = (schema: Parameters<typeof arbitraryOf>[0]) =>
  raw(schema).filter((p) => Object.values(p).some((v) => v !== undefined));

export const updatePayloads: Record<EntityModule, fc.Arbitrary<RawPayload>> = {
  users: changing(userUpdateSchema),
  cameras: changing(cameraUpdateSchema),
  credentials: changing(credentialUpdateSchema),
};

/** A value no other entity has: user names and stream paths are unique on the real server (D9). */
const unique = () => newRequestId().replace(/[^A-Za-z0-9\-._~]/g, "-");

/**
 * The payload to send: unique names and paths replace generated ones (a clash would be the run's doing, not the
 * server's), and cameras hang on the fixture's credentials (the model never deletes those).
 */
export function finalPayload(module: EntityModule, payload: RawPayload, m: NestmtxModel, create: boolean): RawPayload {
  const out = { ...payload };
  if (module === "users" && (create || "username" in out)) out.username = unique();
  if (module === "cameras") {
    if (create) out.credential_id = m.cameraCredential;
    // An enabled or persistent camera needs a path (D9): every camera the run makes gets its own.
    if (create || "mtx_path" in out) out.mtx_path = unique();
  }
  return out;
}
