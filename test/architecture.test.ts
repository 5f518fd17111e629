import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  const abs = join(root, dir);
  return readdirSync(abs).flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sources(relative(root, path));
    return /\.(ts|js|mjs)$/.test(name) ? [relative(root, path)] : [];
  });
}

/** The top-level folders of ours that a file imports, from its relative import specifiers. */
function importedLayers(file: string): Set<string> {
  const text = readFileSync(join(root, file), "utf8");
  const layers = new Set<string>();
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    const target = relative(root, resolve(root, file, "..", match[1] ?? ""));
    const layer = target.split("/")[0];
    if (layer !== undefined && !target.startsWith("..")) layers.add(target.startsWith("src/cli") ? "src/cli" : layer);
  }
  return layers;
}

const rules: Record<string, readonly string[]> = {
  protocols: ["protocols"],
  "reference-server": ["reference-server", "protocols", "metrics"],
  clients: ["clients", "protocols"],
  conformance: ["conformance", "clients", "protocols", "reporting"],
  scenarios: ["scenarios", "clients", "protocols", "metrics", "reporting"],
  reporting: ["reporting"],
  metrics: ["metrics"],
};

describe("the layering in ARCHITECTURE.md", () => {
  for (const [layer, allowed] of Object.entries(rules)) {
    it(`${layer}/ imports only ${allowed.join(", ")}`, () => {
      const offenders = sources(layer).flatMap((file) =>
        [...importedLayers(file)].filter((l) => !allowed.includes(l)).map((l) => `${file} -> ${l}/`),
      );
      expect(offenders).toEqual([]);
    });
  }
});
