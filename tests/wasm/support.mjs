// SPDX-License-Identifier: MIT
// Loads the built WebAssembly module in Node the way the page does, with the generated IAM catalog.
// Node >= 18 has fetch, which Emscripten 3.1.6's loader would use for a file path: we pass the bytes
// (wasmBinary) instead.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = process.env.WD_WASM_DIR || path.join(repoRoot, 'build-wasm');
export const generatedDir = process.env.WD_GENERATED_DIR || path.join(repoRoot, 'build', 'generated');

export function corpusPath(...parts) { return path.join(repoRoot, 'tests', 'corpus', ...parts); }
export function repoPath(...parts) { return path.join(repoRoot, ...parts); }

// Returns the engine with the catalog loaded (unless { catalog: false }).
export async function loadEngine({ catalog = true } = {}) {
  const mjs = path.join(wasmDir, 'whydenied.mjs');
  if (!existsSync(mjs)) throw new Error(`WASM module not built: ${mjs} (run scripts/build-wasm.sh)`);
  const { default: createWhyDenied } = await import(pathToFileURL(mjs).href);
  const engine = await createWhyDenied({ wasmBinary: readFileSync(path.join(wasmDir, 'whydenied.wasm')) });
  if (catalog) {
    const catalogFile = path.join(generatedDir, 'iam-catalog.json');
    const managedFile = path.join(generatedDir, 'managed-policies.json');
    if (!existsSync(catalogFile)) throw new Error(`IAM catalog not generated: ${catalogFile}`);
    const diags = engine.loadCatalog(readFileSync(catalogFile, 'utf8'));
    if (diags.some((d) => d.severity === 'error')) throw new Error(`catalog failed to load: ${JSON.stringify(diags)}`);
    if (existsSync(managedFile)) engine.loadManagedPolicies(readFileSync(managedFile, 'utf8'));
  }
  return engine;
}

// The native CLI built by the native build (for byte-for-byte comparisons).
export const cliPath = process.env.WD_CLI || path.join(repoRoot, 'build', 'bin', 'whydenied');
