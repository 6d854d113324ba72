// Builds the app in the current directory into one ES module, dist/main.js, for plain `node`:
// no TypeScript loader at run time, which the benchmarks show costs the worker about a quarter
// of its CPU per job and 30 MB of memory. The workspace packages and everything only they depend
// on are bundled in; the app's own dependencies stay external and load from its node_modules
// (pnpm links them there), so packages that read their own files at run time, such as
// swagger-ui's assets, keep working.
//
//   node ../../scripts/bundle.mjs        (what each app's `pnpm build` runs)
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const external = new Set(
  Object.entries(manifest.dependencies ?? {})
    .filter(([, version]) => !version.startsWith("workspace:"))
    .map(([name]) => name),
);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const ownDependenciesStayExternal = {
  name: "own-dependencies-stay-external",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) =>
      external.has(packageOf(args.path)) ? { path: args.path, external: true } : undefined,
    );
  },
};

const REQUIRE_SHIM = [
  "import { createRequire } from 'node:module';",
  "const require = createRequire(import.meta.url);",
].join(" ");

await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  plugins: [ownDependenciesStayExternal],
  // Bundled CommonJS code calls require(); an ES module has none of its own.
  banner: { js: REQUIRE_SHIM },
  logLevel: "warning",
});
