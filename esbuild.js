// Bundles the extension, the CLI, the notebook renderer and the test suites that run inside a VS
// Code extension host.
//   node esbuild.js               development build (sourcemaps)
//   node esbuild.js --production  minified, no sourcemaps (what the .vsix ships)
//   node esbuild.js --watch       rebuild on change
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the form VS Code's `$esbuild-watch` problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // pg tries to load its optional native binding; it is never used.
  external: ['vscode', 'pg-native'],
  plugins: [problemMatcher],
};

/**
 * The extension-host test suites (mocha inside VS Code), bundled only when present: the loader
 * `test/extension/index.ts`, every `test/extension/*.test.ts` beside it (each to
 * `out/test/extension/<name>.test.js`, which the loader finds), and the desktop runner.
 */
function testEntries() {
  const dir = path.join(__dirname, 'test', 'extension');
  if (!fs.existsSync(dir)) return [];
  const suites = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => ({ in: path.join(dir, f), out: `test/extension/${f.slice(0, -'.ts'.length)}` }));
  return [
    { in: path.join(dir, 'index.ts'), out: 'test/extension/index' },
    ...suites,
    { in: path.join(__dirname, 'test', 'runDesktop.ts'), out: 'test/runDesktop' },
  ].filter((e) => fs.existsSync(e.in));
}

async function main() {
  const contexts = [
    await esbuild.context({ ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' }),
    await esbuild.context({
      ...common,
      entryPoints: { cli: 'src/cli/main.ts' },
      outdir: 'dist',
      banner: { js: '#!/usr/bin/env node' },
    }),
  ];
  // The notebook renderer runs in the output webview: a browser ES module, uPlot and its CSS inside
  // (the CSS as text the renderer injects), nothing fetched from the network.
  contexts.push(
    await esbuild.context({
      entryPoints: { renderer: 'src/renderer/index.ts' },
      outdir: 'dist',
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
      loader: { '.css': 'text' },
      plugins: [problemMatcher],
    }),
  );
  const tests = testEntries();
  if (!production && tests.length) {
    contexts.push(
      await esbuild.context({ ...common, entryPoints: tests, outdir: 'out', external: ['vscode', 'pg-native', 'mocha', '@vscode/test-electron'] }),
    );
  }
  copyWasm(!production && tests.length ? ['dist', 'out/test/extension'] : ['dist']);
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

/**
 * PostgreSQL's parser (libpg-query) loads its WebAssembly from the directory of the script that
 * bundles it, so the .wasm ships beside each bundle.
 */
function copyWasm(dirs) {
  const wasm = require.resolve('libpg-query/wasm/libpg-query.wasm');
  for (const dir of dirs) {
    fs.mkdirSync(path.join(__dirname, dir), { recursive: true });
    fs.copyFileSync(wasm, path.join(__dirname, dir, 'libpg-query.wasm'));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
