import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The seed documents, vendored from shared/seeds/ so that the repository holds what its checks cite. */
export const SEEDS_DIR = join(import.meta.dirname, "..", "..", "protocols", "seeds");

/**
 * Text with markdown emphasis, code ticks, table bars and heading marks dropped and whitespace collapsed, so a
 * quote copied from a rendered page or a table row still matches the document it came from.
 */
export const plain = (s: string) =>
  s
    .replace(/[`*_|>#]/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** The plain text of a seed document (`neoruntime.md`). */
export const seedText = (file: string) => plain(readFileSync(join(SEEDS_DIR, file), "utf8"));
