// `tsx ../../scripts/build-app.ts <name>=<entry> ...`, run in an app's folder (each app's `pnpm build`):
// compiles each entry to dist/<name>.js for production (`node dist/<name>.js`).
//
// The workspace's own packages (@dispatcher/*) export TypeScript sources, which Node does not
// run from node_modules, so they are bundled in. Every other package stays an import, resolved
// at run time from the image's production node_modules: several of them read their own files
// (Swagger UI's and Bull Board's assets, pino's transports, BullMQ's scripts). Each such package
// must be a dependency of the app itself, so that `node dist/main.js` resolves it in the app's
// own node_modules and a production install of the app brings it: the build fails otherwise.
import { readFile, rm } from "node:fs/promises";
import { builtinModules } from "node:module";
import { build, type Plugin } from "esbuild";

const entries = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [name, entry] = arg.split("=");
    if (!name || !entry) throw new Error(`expected <name>=<entry>, got "${arg}"`);
    return [name, entry];
  }),
);
if (Object.keys(entries).length === 0) throw new Error("usage: build-app.ts <name>=<entry> ...");

/** Bare imports stay imports, except the workspace's own packages. */
const externalDependencies: Plugin = {
  name: "external-dependencies",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@dispatcher/") ? undefined : { path: args.path, external: true },
    );
  },
};

await rm("dist", { recursive: true, force: true });
const result = await build({
  entryPoints: entries,
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node26",
  sourcemap: true,
  plugins: [externalDependencies],
  logLevel: "warning",
  metafile: true,
});
const manifest = JSON.parse(await readFile("package.json", "utf8")) as {
  dependencies?: Record<string, string>;
};
const declared = new Set(Object.keys(manifest.dependencies ?? {}));
const undeclared = new Set<string>();
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith(".js")) continue;
  for (const { path, external } of output.imports) {
    if (!external || path.startsWith("node:") || builtinModules.includes(path)) continue;
    const name = path.startsWith("@") ? path.split("/").slice(0, 2).join("/") : path.split("/")[0]!;
    if (!declared.has(name)) undeclared.add(`${name} (imported by ${file})`);
  }
  process.stdout.write(`${file}  ${(output.bytes / 1024).toFixed(0)} KiB\n`);
}
if (undeclared.size > 0) {
  process.stderr.write(`not in this app's dependencies:\n  ${[...undeclared].join("\n  ")}\n`);
  process.exit(1);
}
