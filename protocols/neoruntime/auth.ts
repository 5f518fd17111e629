import { z } from "zod";

// neoruntime.md § Connect, step 1: `Socket.emit("authenticate", <USERNAME>, passwordHash, (token) => ...)`.
export const usernameSchema = z.string().min(1).max(256);

/** `CryptoJS.SHA256(<PASSWORD>).toString()`: 64 hex digits (neoruntime.md § Connect, step 1). */
export const passwordHashSchema = z.string().regex(/^[0-9a-fA-F]{64}$/);

export const authenticateArgsSchema = z.tuple([usernameSchema, passwordHashSchema], z.unknown());

/** "Token will be a string if username/password combo is right, if not, it is false." (§ Connect, step 1) */
export const authenticateAckSchema = z.union([z.string().min(1), z.literal(false)]);
export type AuthenticateAck = z.infer<typeof authenticateAckSchema>;

// neoruntime.md § Connect, step 2: `Socket.emit("authenticateToken", cookieToken, (res) => ...)`.
export const tokenSchema = z.string().min(1).max(256);

export const authenticateTokenArgsSchema = z.tuple([tokenSchema], z.unknown());

/** "Res is true if we got authenticated, If not, it is false." (§ Connect, step 2) */
export const authenticateTokenAckSchema = z.boolean();
export type AuthenticateTokenAck = z.infer<typeof authenticateTokenAckSchema>;
