import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { suites } from "../registry.js";
import { checkList, conformanceDocPath, withCheckList } from "./check-list.js";

// `npm run docs:conformance`: rewrites the check list of each docs/conformance-<api>.md from the suites;
// test/conformance/check-basis.test.ts fails while one is stale.
for (const suite of Object.values(suites)) {
  const path = join(import.meta.dirname, "..", "..", conformanceDocPath(suite.api));
  writeFileSync(path, withCheckList(readFileSync(path, "utf8"), checkList(suite.checks)));
}
