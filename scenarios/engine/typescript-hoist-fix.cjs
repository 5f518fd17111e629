// Preloaded (`node -r`) before the Artillery CLI. npm hoists @typescript-eslint/typescript-estree (pulled in by
// Artillery's bundle-of-materials code) to the top of node_modules, where `require("typescript")` finds this
// project's TypeScript 7, which has no JS API: Artillery then fails to load any command ("reading 'BarBarToken'").
// This sends that one require to the TypeScript 5 npm installed beside detective-typescript.
const Module = require("node:module");
const path = require("node:path");

const typescript5 = require.resolve("typescript", {
  paths: [path.dirname(require.resolve("detective-typescript/package.json"))],
});
const original = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, ...rest) {
  if (request === "typescript" && parent?.filename?.includes(`${path.sep}@typescript-eslint${path.sep}`)) {
    return typescript5;
  }
  return original.call(this, request, parent, ...rest);
};
