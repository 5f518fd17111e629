import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkList, conformanceDocPath, withCheckList } from "../../conformance/docs/check-list.js";
import { plain, seedText } from "../../conformance/docs/seed-text.js";
import { suites } from "../../conformance/registry.js";
import { API_NAMES } from "../../protocols/protocol.js";

// Issue 12: every verdict rests on the document. A check names the sentence it enforces; a check that also needs a
// choice the document left open (a DECISIONS item, one real server's habit) can only be a `should`.
describe.each(API_NAMES)("the %s suite", (api) => {
  const suite = suites[api];

  it("quotes, for every check, a sentence that is in its seed document", () => {
    const text = seedText(suite.checks[0]?.doc.file ?? `${api}.md`);
    const unfounded = suite.checks
      .filter((c) => c.doc.quote === undefined || !text.includes(plain(c.doc.quote)))
      .map((c) => `${c.id}: ${c.doc.quote === undefined ? "no quote" : `not in the document: ${c.doc.quote}`}`);
    expect(unfounded).toEqual([]);
  });

  it("makes no check that rests on a decision or a real server's habit a must", () => {
    const musts = suite.checks.filter((c) => c.doc.decision !== undefined && c.level === "must").map((c) => c.id);
    expect(musts).toEqual([]);
  });

  it(`lists every check with its sentence in ${conformanceDocPath(api)} (run \`npm run docs:conformance\`)`, () => {
    const page = readFileSync(join(import.meta.dirname, "..", "..", conformanceDocPath(api)), "utf8");
    expect(page).toBe(withCheckList(page, checkList(suite.checks)));
  });
});
