import { z } from "zod";
import { failureAckSchema } from "./errors.js";

// command-network.md § Theory: "a client must register with the server with an app name". Names are opaque
// strings (DECISIONS.md D4); the server also bounds their size.
export const clientNameSchema = z.string().min(1);
export type ClientName = z.infer<typeof clientNameSchema>;

// command-network.md § Theory; REAL-SERVERS.md: `register({name}, ack)`.
export const registerRequestSchema = z.object({ name: clientNameSchema });
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

// REAL-SERVERS.md: a new name acks `newClient: true`, a known disconnected name `newClient: false`.
export const registerAckSchema = z.discriminatedUnion("success", [
  z.object({ success: z.literal(true), newClient: z.boolean() }),
  failureAckSchema,
]);
export type RegisterAck = z.infer<typeof registerAckSchema>;

// command-network.md § Theory 1 (`get_id`) and § Other Functions (`getId` "takes an appname"); REAL-SERVERS.md:
// `get_id({appName?}, ack)`, a missing or empty appName meaning the caller itself (DECISIONS.md D8).
export const getIdRequestSchema = z.object({ appName: z.string().nullish() });
export type GetIdRequest = z.infer<typeof getIdRequestSchema>;

export const getIdAckSchema = z.discriminatedUnion("success", [
  z.object({ success: z.literal(true), id: z.string().min(1) }),
  failureAckSchema,
]);
export type GetIdAck = z.infer<typeof getIdAckSchema>;

// command-network.md § Theory 2: each client's `id`, connection status and last connection time;
// REAL-SERVERS.md: `{id, connected, lastConnected}` with lastConnected in ms since the epoch.
export const clientInfoSchema = z.object({
  id: z.string().min(1),
  connected: z.boolean(),
  lastConnected: z.number(),
});
export type ClientInfo = z.infer<typeof clientInfoSchema>;

// REAL-SERVERS.md: `get_clients(ack)` acks `{success: true, clients: {<name>: ClientInfo}}`.
export const getClientsAckSchema = z.discriminatedUnion("success", [
  z.object({ success: z.literal(true), clients: z.record(z.string(), clientInfoSchema) }),
  failureAckSchema,
]);
export type GetClientsAck = z.infer<typeof getClientsAckSchema>;

// REAL-SERVERS.md: on disconnect the server broadcasts `client_disconnect {name, id}`.
export const clientDisconnectSchema = z.object({ name: z.string(), id: z.string() });
export type ClientDisconnect = z.infer<typeof clientDisconnectSchema>;
