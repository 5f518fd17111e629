import { z } from "zod";

/** Ids end up in namespace names (`/logs/<labId>/<node>`), so they must be single path segments. */
const segment = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "letters, digits, _ . - only (a namespace segment)");

const userSchema = z.object({ id: segment, name: z.string() });

const labSchema = z.object({
  id: segment,
  name: z.string(),
  /** The user id that owns the lab. */
  owner: segment,
  /** Users who may use the lab as its owner does. */
  collaborators: z.array(segment).default([]),
  nodes: z.array(segment).min(1),
  /** Every deploy of this lab fails with 5001, a simulated containerlab error (DECISIONS.md D16). */
  failDeploy: z.boolean().default(false),
});

/**
 * Antimony's fixtures: who exists, the secret their access tokens are signed with (HS256), and their labs.
 * `parse({})` gives the demo: alice owns lab-alpha (bob collaborates) and lab-broken; bob owns lab-beta;
 * carol owns lab-gamma.
 */
export const antimonyFixturesSchema = z
  .object({
    jwtSecret: z.string().min(16).default("volley-antimony-demo-secret"),
    users: z
      .array(userSchema)
      .min(1)
      .default([
        { id: "alice", name: "Alice" },
        { id: "bob", name: "Bob" },
        { id: "carol", name: "Carol" },
      ]),
    labs: z.array(labSchema).default([
      {
        id: "lab-alpha",
        name: "Alpha",
        owner: "alice",
        collaborators: ["bob"],
        nodes: ["router1", "router2", "client1"],
        failDeploy: false,
      },
      { id: "lab-beta", name: "Beta", owner: "bob", collaborators: [], nodes: ["srv1", "srv2"], failDeploy: false },
      { id: "lab-gamma", name: "Gamma", owner: "carol", collaborators: [], nodes: ["host1"], failDeploy: false },
      { id: "lab-broken", name: "Broken", owner: "alice", collaborators: [], nodes: ["node1"], failDeploy: true },
    ]),
  })
  .strict()
  .superRefine((f, ctx) => {
    const users = new Set(f.users.map((u) => u.id));
    for (const lab of f.labs) {
      for (const id of [lab.owner, ...lab.collaborators]) {
        if (!users.has(id)) ctx.addIssue({ code: "custom", message: `lab ${lab.id}: unknown user ${id}` });
      }
      if (new Set(lab.nodes).size !== lab.nodes.length) {
        ctx.addIssue({ code: "custom", message: `lab ${lab.id}: duplicate node names` });
      }
    }
    if (new Set(f.labs.map((l) => l.id)).size !== f.labs.length) {
      ctx.addIssue({ code: "custom", message: "duplicate lab ids" });
    }
  });

export type AntimonyFixtures = z.infer<typeof antimonyFixturesSchema>;
export type LabFixture = AntimonyFixtures["labs"][number];
