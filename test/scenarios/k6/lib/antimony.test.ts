import { describe, expect, it } from "vitest";
import { errorCodes, labCommands } from "../../../../protocols/antimony/index.js";
import { labCommand, shellLimitCode } from "../../../../scenarios/k6/lib/antimony.js";

describe("the Antimony constants the k6 scripts restate", () => {
  it("are the protocol's lab command ids", () => {
    expect(labCommand).toEqual({
      deploy: labCommands.deploy,
      openShell: labCommands.openShell,
      closeShell: labCommands.closeShell,
    });
  });

  it("use the protocol's shell-limit error code", () => {
    expect(shellLimitCode).toBe(errorCodes.shellLimit);
  });
});
