import { describe, expect, it } from "vitest";
import { sectionPositionInSeeds } from "../../../conformance/report/section-position.js";

describe("a section's position in its seed document", () => {
  const position = sectionPositionInSeeds();

  it("follows the document: Theory before Sending Commands before Other Functions in command-network.md", () => {
    const at = (section: string) => position({ file: "command-network.md", section });
    expect(at("Theory")).toBeGreaterThanOrEqual(0);
    expect(at("Theory")).toBeLessThan(at("Sending Commands"));
    expect(at("Sending Commands")).toBeLessThan(at("Other Functions"));
  });

  it("is -1 for a document that is not a seed and for a heading the document lacks", () => {
    expect(position({ file: "toy.md", section: "add" })).toBe(-1);
    expect(position({ file: "command-network.md", section: "No Such Heading Anywhere" })).toBe(-1);
  });
});
