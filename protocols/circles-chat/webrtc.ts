import { z } from "zod";
import { entityId } from "./ids.js";

// circles-chat.md § Events Webrtc: `{"domain": ..., "ip": "", "port": 3478}`, a list per kind (STUN, TURN).
export const iceServer = z.object({ domain: z.string(), ip: z.string(), port: z.number().int().min(1).max(65_535) });
export const iceServerList = z.array(iceServer);
export type IceServer = z.infer<typeof iceServer>;

// circles-chat.md § Events Webrtc, "Credentials for user connection to turn servers".
export const webrtcCredentials = z.object({ username: z.string(), password: z.string() });
export type WebrtcCredentials = z.infer<typeof webrtcCredentials>;

/** What `webrtc_config` carries: the STUN or TURN list (bare, as the real server emits it) or credentials. */
export const webrtcConfigPush = z.union([iceServerList, webrtcCredentials]);
export type WebrtcConfigPush = z.infer<typeof webrtcConfigPush>;

const forbiddenKey = (key: string) => key === "__proto__" || key === "constructor" || key === "prototype";

/** True when a parsed JSON value holds `__proto__`/`constructor`/`prototype` keys at any depth (or nests deeper than 32). */
function hasForbiddenKeys(value: unknown, depth = 0): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (depth > 32) return true;
  return Object.entries(value).some(([k, v]) => forbiddenKey(k) || hasForbiddenKeys(v, depth + 1));
}

const destination = z.union([
  z.object({ email: z.string().min(1).max(320) }).catchall(z.json()),
  z.object({ user_id: entityId }).catchall(z.json()),
  z.object({ device_id: entityId }).catchall(z.json()),
]);

/**
 * circles-chat.md § Listened Channels, webrtc_forward: `email OR user_id OR device_id`, "Forward a message under the
 * JSON format"; every other key is the message. The whole object is forwarded as `content` (DECISIONS.md D9).
 * Keys that could reach an object's prototype are refused before zod copies the object.
 */
export const webrtcForwardRequest = z
  .unknown()
  .refine((v) => !hasForbiddenKeys(v), "forbidden key")
  .pipe(destination);
export type WebrtcForwardRequest = z.input<typeof destination>;

// REAL-SERVERS.md § circles-chat: the destination gets `webrtc_forward {sender_id, is_device, content}`.
export const webrtcForwardPush = z.object({
  sender_id: z.number().int(),
  is_device: z.boolean(),
  content: z.record(z.string(), z.json()),
});
export type WebrtcForwardPush = z.infer<typeof webrtcForwardPush>;
