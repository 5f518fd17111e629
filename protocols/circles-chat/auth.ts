import { z } from "zod";
import { entityId } from "./ids.js";

// circles-chat.md § Basics, Authentication: `{token}` holding a user's or a device's JSON Web Token.
export const authenticateRequest = z.object({ token: z.string().min(1).max(8_192) });
export type AuthenticateRequest = z.infer<typeof authenticateRequest>;

/**
 * The claims of a token (circles-chat.md § Authentication: "Same thing for the device"): exactly one of `user_id`
 * or `device_id`, HS256-signed with the server's secret; `exp` is honoured when present (DECISIONS.md D3).
 */
export const tokenClaims = z.union([
  z.object({ user_id: entityId, device_id: z.undefined().optional() }),
  z.object({ device_id: entityId, user_id: z.undefined().optional() }),
]);
export type TokenClaims = z.infer<typeof tokenClaims>;
