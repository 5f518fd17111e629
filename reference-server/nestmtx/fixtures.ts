import { z } from "zod";

/**
 * A person who can log in; `token` is a ready-made bearer so a demo needs no login step. `expiredToken`, if given,
 * is a bearer of the same user that has already expired: the conformance suite's fixture for "an expired token is
 * refused" (nestmtx.md § Reconnecting with a New Token speaks of tokens that expire).
 */
const fixtureUserSchema = z
  .object({
    username: z.string().min(1),
    password: z.string().min(6),
    token: z.string().min(8),
    expiredToken: z.string().min(8).optional(),
  })
  .strict();

const fixtureCredentialSchema = z
  .object({
    description: z.string().min(1),
    oauth_client_id: z.string().min(1),
    oauth_client_secret: z.string().min(1),
    dac_project_id: z.string().nullable().default(null),
  })
  .strict();

/** A camera; `credential_id` is the 1-based position of its credential in `credentials` (ids are given in order). */
const fixtureCameraSchema = z
  .object({
    credential_id: z.number().int().positive(),
    room: z.string().min(1),
    name: z.string().min(1),
    mtx_path: z.string().nullable().default(null),
    is_enabled: z.boolean().default(false),
  })
  .strict();

/** The NestMTX demo data; `parse({})` gives two users, one credential and three cameras (two of them enabled). */
export const nestmtxFixturesSchema = z
  .object({
    users: z
      .array(fixtureUserSchema)
      .min(1)
      .default([
        {
          username: "admin",
          password: "nestmtx-admin",
          token: "oat_demo-admin-token",
          expiredToken: "oat_demo-admin-expired-token",
        },
        { username: "viewer", password: "nestmtx-viewer", token: "oat_demo-viewer-token" },
      ]),
    credentials: z.array(fixtureCredentialSchema).default([
      {
        description: "Demo Google Device Access project",
        oauth_client_id: "demo-client.apps.googleusercontent.com",
        oauth_client_secret: "demo-secret",
        dac_project_id: "demo-dac-project",
      },
    ]),
    cameras: z.array(fixtureCameraSchema).default([
      { credential_id: 1, room: "Front Door", name: "Doorbell", mtx_path: "front-door", is_enabled: true },
      { credential_id: 1, room: "Garage", name: "Garage Cam", mtx_path: "garage", is_enabled: true },
      { credential_id: 1, room: "Backyard", name: "Backyard Cam", mtx_path: null, is_enabled: false },
    ]),
  })
  .strict()
  .superRefine((f, ctx) => {
    f.cameras.forEach((c, i) => {
      if (c.credential_id > f.credentials.length) {
        ctx.addIssue({ code: "custom", path: ["cameras", i, "credential_id"], message: "no such credential" });
      }
      if (c.is_enabled && c.mtx_path === null) {
        ctx.addIssue({ code: "custom", path: ["cameras", i, "mtx_path"], message: "an enabled camera needs mtx_path" });
      }
    });
  });

export type NestmtxFixtures = z.infer<typeof nestmtxFixturesSchema>;
