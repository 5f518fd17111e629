import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every test talks to real servers over loopback; give slow CI machines room but never hang forever.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    // One test file at a time: latency tests measure wall-clock time, and a CPU-heavy neighbour on a 2-core machine
    // would put its own delay into their figures.
    fileParallelism: false,
  },
});
