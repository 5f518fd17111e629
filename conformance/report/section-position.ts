import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DocPointer } from "../check.js";
import { plain, SEEDS_DIR, seedText } from "../docs/seed-text.js";

/**
 * Where a check's section heading first appears in its seed document (-1 when the document or the heading is not
 * there, e.g. a user's own suite citing another document), so the HTML report can list sections in document order.
 */
export function sectionPositionInSeeds(): (doc: DocPointer) => number {
  const texts = new Map<string, string | undefined>();
  return (doc) => {
    if (!texts.has(doc.file)) {
      texts.set(doc.file, existsSync(join(SEEDS_DIR, doc.file)) ? seedText(doc.file) : undefined);
    }
    return texts.get(doc.file)?.indexOf(plain(doc.section)) ?? -1;
  };
}
