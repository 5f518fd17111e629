import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every test talks to real servers over loopback; give slow CI machines room but never hang forever.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
  },
});
