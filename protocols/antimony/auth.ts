import { z } from "zod";

/** The handshake's `auth` object: Antimony's access token, a JWT. // antimony.md § Authentication */
export const handshakeAuthSchema = z.object({ token: z.string().min(1) });
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;
