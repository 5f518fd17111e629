import { z } from "zod";
import { listResultSchema } from "./request.js";

/** The modules the document names, plus `auth` (REAL-SERVERS.md: a token over the socket). */
// nestmtx.md § Request Structure (module: "users, cameras, credentials")
export const MODULES = ["users", "cameras", "credentials", "auth"] as const;
export const moduleSchema = z.enum(MODULES);
export type ModuleName = z.infer<typeof moduleSchema>;

const timestamps = { created_at: z.iso.datetime(), updated_at: z.iso.datetime() };
const name = z.string().min(1);

/** A user as answered: never the password. Fields follow the real server's users table. */
// nestmtx.md § Request Structure (module users)
export const userSchema = z.object({ id: z.number().int().positive(), username: z.string(), ...timestamps });
export type User = z.infer<typeof userSchema>;
export const userCreateSchema = z.object({ username: name, password: z.string().min(6) }).strict();
export const userUpdateSchema = userCreateSchema.partial().strict();

/** Google Cloud / Device Access credentials as answered: the OAuth secret is never sent back (D9). */
// nestmtx.md § Request Structure (module credentials); fields from the real server's credentials table
export const credentialSchema = z.object({
  id: z.number().int().positive(),
  description: z.string(),
  oauth_client_id: z.string(),
  dac_project_id: z.string().nullable(),
  is_authenticated: z.boolean(),
  ...timestamps,
});
export type Credential = z.infer<typeof credentialSchema>;
export const credentialCreateSchema = z
  .object({
    description: name,
    oauth_client_id: name,
    oauth_client_secret: name,
    dac_project_id: z.string().nullable().default(null),
  })
  .strict();
export const credentialUpdateSchema = z
  .object({
    description: name,
    oauth_client_id: name,
    oauth_client_secret: name,
    dac_project_id: z.string().nullable(),
  })
  .partial()
  .strict();

/** A stream path as MediaMTX accepts it (the real server's regex). */
const mtxPath = z
  .string()
  .regex(/^[A-Za-z0-9\-._~]+$/)
  .nullable();

/** A camera feed. Fields follow the real server's cameras table. */
// nestmtx.md § Request Structure (module cameras), § Getting Status Updates
export const cameraSchema = z.object({
  id: z.number().int().positive(),
  credential_id: z.number().int().positive(),
  uid: z.string(),
  room: z.string(),
  name: z.string(),
  info: z.string(),
  mtx_path: mtxPath,
  is_enabled: z.boolean(),
  is_persistent: z.boolean(),
  expires_at: z.iso.datetime().nullable(),
  ...timestamps,
});
export type Camera = z.infer<typeof cameraSchema>;
export const cameraCreateSchema = z
  .object({
    credential_id: z.number().int().positive(),
    room: name,
    name,
    info: z.string().default(""),
    mtx_path: mtxPath.default(null),
    is_enabled: z.boolean().default(false),
    is_persistent: z.boolean().default(false),
  })
  .strict();
export const cameraUpdateSchema = z
  .object({
    room: name,
    name,
    info: z.string(),
    mtx_path: mtxPath,
    is_enabled: z.boolean(),
    is_persistent: z.boolean(),
  })
  .partial()
  .strict();

/** `auth` create: username and password for a bearer token. */
// REAL-SERVERS.md § nestmtx.md; the HTTP endpoint nestmtx.md § Obtaining a Token refers to takes the same body
export const loginSchema = z.object({ username: z.string().min(1), password: z.string().min(1) }).strict();
export type Login = z.infer<typeof loginSchema>;

/** A token answered by `auth` create and by `POST /api/auth`. */
// nestmtx.md § Obtaining a Token; shape from REAL-SERVERS.md § nestmtx.md
export const tokenGrantSchema = z.object({ bearer: z.string(), expiration: z.iso.datetime(), user: userSchema });
export type TokenGrant = z.infer<typeof tokenGrantSchema>;

/** Per module: what each command takes (payload) and answers (bare, on the requestId event). */
export const moduleSchemas = {
  users: { item: userSchema, create: userCreateSchema, update: userUpdateSchema, list: listResultSchema(userSchema) },
  cameras: {
    item: cameraSchema,
    create: cameraCreateSchema,
    update: cameraUpdateSchema,
    list: listResultSchema(cameraSchema),
  },
  credentials: {
    item: credentialSchema,
    create: credentialCreateSchema,
    update: credentialUpdateSchema,
    list: listResultSchema(credentialSchema),
  },
} as const;
export type EntityModule = keyof typeof moduleSchemas;
