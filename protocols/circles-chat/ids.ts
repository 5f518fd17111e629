import { z } from "zod";

/**
 * A database id (circles-chat.md § Listened Channels: "ID of the conversation"). The real server's ids are
 * PostgreSQL serials; a digit string is accepted too, as SQLAlchemy's `query.get("3")` would (DECISIONS.md D2).
 */
export const entityId = z.union([
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);
export type EntityId = z.output<typeof entityId>;
