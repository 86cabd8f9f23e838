#!/usr/bin/env node
// Thin launcher so the package's bin works from a clean checkout after `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('capstan: not built yet; run `npm run build` first\n');
  process.exit(1);
}
await import(entry.href);
