#!/usr/bin/env node
// Writes the differential-test fixtures: for each seed, the tree the generator makes
// (test/fixtures/differential/case-<seed>/input/**), case.json, and the reference output
// of `kubectl kustomize` (expected.yaml) or its error (expected-error.txt). Run manually,
// never by the test suite; the generator is imported compiled, so build first:
//
//   npx tsc -p tsconfig.json && node test/differential/make-fixtures.mjs [--count 300]
//     [--from 1] [--jobs 2] [--out test/fixtures/differential] [--dry-run]
//
// A case that kubectl rejects although the generator meant it to be valid (or accepts
// although it carries a deliberate error) is a generator bug: it is reported, not written,
// and the script exits 1.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { generateCase } = await import(join(root, 'dist/test/differential/generator/index.js'));

function parseArgs(argv) {
  const o = {
    count: 300,
    from: 1,
    jobs: 2,
    out: join(root, 'test/fixtures/differential'),
    dryRun: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--count') o.count = Number(next());
    else if (a === '--from') o.from = Number(next());
    else if (a === '--jobs') o.jobs = Math.max(1, Number(next()) | 0);
    else if (a === '--out') o.out = resolve(next());
    else if (a === '--dry-run') o.dryRun = true;
    else throw new Error(`make-fixtures: unknown argument ${a}`);
  }
  return o;
}

function runKubectlKustomize(dir, flags) {
  return new Promise((done) => {
    const child = spawn('kubectl', ['kustomize', dir, ...flags], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('close', (code) =>
      done({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

function writeInputTree(base, files) {
  for (const [path, text] of Object.entries(files)) {
    const file = join(base, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

// Counts, over the kustomization files of all cases, how often each field (and a few
// sub-features) appears, so a change to the generator cannot silently drop coverage.
const coverage = new Map();
function countCoverage(files) {
  const bump = (key) => coverage.set(key, (coverage.get(key) ?? 0) + 1);
  for (const [path, text] of Object.entries(files)) {
    if (!/(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(path)) continue;
    const k = parse(text) ?? {};
    if (k.kind === 'Component') bump('(Component)');
    for (const field of Object.keys(k)) bump(field);
    for (const p of k.patches ?? [])
      bump(
        p.target
          ? p.target.labelSelector
            ? 'patches.target.labelSelector'
            : p.target.annotationSelector
              ? 'patches.target.annotationSelector'
              : 'patches.target'
          : 'patches (no target)',
      );
    for (const g of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
      if (g.behavior) bump(`generator behavior ${g.behavior}`);
      for (const s of ['literals', 'files', 'envs', 'options']) if (g[s]) bump(`generator ${s}`);
    }
    for (const l of k.labels ?? [])
      for (const s of ['includeSelectors', 'includeTemplates', 'fields'])
        if (l[s] !== undefined) bump(`labels.${s}`);
    for (const i of k.images ?? [])
      for (const s of ['newName', 'newTag', 'digest']) if (i[s]) bump(`images.${s}`);
    if (k.sortOptions) bump(`sortOptions ${k.sortOptions.order}`);
    for (const b of k.buildMetadata ?? []) bump(`buildMetadata ${b}`);
  }
}

async function makeFixtureCase(seed, opts) {
  const gen = generateCase(seed);
  countCoverage(gen.files);
  const caseDir = join(opts.dryRun ? join(opts.out, '.dry-run') : opts.out, `case-${seed}`);
  rmSync(caseDir, { recursive: true, force: true });
  writeInputTree(join(caseDir, 'input'), gen.files);
  const result = await runKubectlKustomize(join(caseDir, 'input', gen.entry), gen.flags);
  const expect = result.code === 0 ? 'output' : 'error';
  const wanted = gen.error === undefined ? 'output' : 'error';
  if (expect !== wanted) {
    rmSync(caseDir, { recursive: true, force: true });
    return {
      seed,
      problem: `expected ${wanted}${gen.error ? ` (${gen.error})` : ''}, kubectl gave ${expect}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    };
  }
  if (expect === 'output') writeFileSync(join(caseDir, 'expected.yaml'), result.stdout);
  else
    writeFileSync(join(caseDir, 'expected-error.txt'), result.stderr.replaceAll(caseDir, '<case>'));
  const spec = {
    seed,
    entry: gen.entry,
    flags: gen.flags,
    expect,
    ...(gen.error ? { error: gen.error } : {}),
  };
  writeFileSync(join(caseDir, 'case.json'), `${JSON.stringify(spec, null, 2)}\n`);
  if (opts.dryRun) rmSync(caseDir, { recursive: true, force: true });
  return { seed, expect };
}

const opts = parseArgs(process.argv.slice(2));
const seeds = Array.from({ length: opts.count }, (_, i) => opts.from + i);
const results = [];
let cursor = 0;
async function worker() {
  while (cursor < seeds.length) {
    const seed = seeds[cursor++];
    results.push(await makeFixtureCase(seed, opts));
  }
}
await Promise.all(Array.from({ length: opts.jobs }, worker));
if (opts.dryRun) rmSync(join(opts.out, '.dry-run'), { recursive: true, force: true });
const problems = results.filter((r) => r.problem).sort((a, b) => a.seed - b.seed);
for (const p of problems) console.error(`seed ${p.seed}: ${p.problem}`);
const table = [...coverage].sort((a, b) => a[0].localeCompare(b[0])).map(([k, n]) => `${k}: ${n}`);
console.error(`coverage (kustomization files using each field):\n  ${table.join('\n  ')}`);
const outputs = results.filter((r) => r.expect === 'output').length;
const errors = results.filter((r) => r.expect === 'error').length;
console.error(
  `make-fixtures: ${outputs} output cases, ${errors} error cases, ${problems.length} generator bugs`,
);
process.exit(problems.length > 0 ? 1 : 0);
