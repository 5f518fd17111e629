import { antimonyProtocol, errorCodes } from "../../protocols/antimony/index.js";
import type { ApiModule } from "../api-module.js";
import { antimonyFaults, faultList } from "./faults.js";
import { type AntimonyFixtures, antimonyFixturesSchema } from "./fixtures.js";
import { LabCommandHandler } from "./lab-commands.js";
import { Labs } from "./labs.js";
import { serveGlobalNamespaces, serveLabCommands, serveLogs, serveShells } from "./namespaces.js";
import { members, Notifier } from "./notifier.js";
import { ShellRegistry } from "./shells.js";
import { mintToken } from "./token.js";

/** The Antimony backend, in memory: labs, a simulated containerlab, shells. // antimony.md */
export const antimonyServer: ApiModule<AntimonyFixtures> = {
  protocol: antimonyProtocol,
  fixtures: antimonyFixturesSchema,
  faults: faultList,
  start(ctx, fixtures) {
    const { limits } = ctx.options;
    const auth = {
      secret: new TextEncoder().encode(fixtures.jwtSecret),
      users: new Set(fixtures.users.map((u) => u.id)),
    };
    const notifier = new Notifier(serveGlobalNamespaces(ctx, auth), ctx.faulty(antimonyFaults.shellCommandsLeak.name));
    const shells = new ShellRegistry({ lines: limits.backlogLines, bytes: limits.shellBacklogBytes }, notifier);
    const labs = new Labs(fixtures, ctx.options, notifier, shells);
    const unknownLab = ctx.faulty(antimonyFaults.wrongErrorCode.name) ? errorCodes.generic : errorCodes.notFound;
    serveLabCommands(ctx, auth, new LabCommandHandler(labs, shells, limits, unknownLab));
    serveLogs(ctx, auth, labs);
    serveShells(ctx, auth, shells, limits.maxStringBytes);
    return {
      describe: () => [
        "namespaces: /status-messages /lab-updates /lab-commands /shell-commands /logs/<labId>[/<node>] /shells/<shellId>",
        "connect with auth: { token } (Socket.IO 2.x clients: query token=...)",
        ...fixtures.users.map((u) => `user ${u.id}: token ${mintToken(fixtures.jwtSecret, u.id)}`),
        ...fixtures.labs.map(
          (l) =>
            `lab ${l.id} (members ${members(l).join(", ")}; nodes ${l.nodes.join(", ")})${l.failDeploy ? " — every deploy fails with 5001" : ""}`,
        ),
      ],
      close: () => labs.close(),
    };
  },
};
