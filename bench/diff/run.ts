/**
 * Diff micro benchmark (issue 6): compareResource over a realistic set of 20 desired/live
 * pairs — live objects captured from a real API server, with defaults, status and
 * managedFields (test/fixtures/diff) — repeated 200 times, in process. Prints objects per
 * second (a full resync compares about 4,000 objects); asserts nothing.
 * Usage: node dist/bench/diff/run.js [--rounds N]
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ResourceIgnoreDifferences } from '../../src/api/index.js';
import { compareResource, type CompareOptions } from '../../src/diff/index.js';
import type { KubeObject } from '../../src/model/index.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/diff/', import.meta.url));
const SET_SIZE = 20;

interface Pair {
  readonly name: string;
  readonly desired: KubeObject;
  readonly live: KubeObject;
  readonly options: CompareOptions;
}

function readYaml(dir: string, file: string): unknown {
  const path = `${FIXTURES}${dir}/${file}`;
  return existsSync(path) ? parse(readFileSync(path, 'utf8')) : undefined;
}

/** Twenty pairs spread over the kinds, so the set mixes equal, drifted and ignored cases. */
function loadPairs(): Pair[] {
  const names = readdirSync(FIXTURES).sort();
  const step = names.length / SET_SIZE;
  return Array.from({ length: SET_SIZE }, (_, i) => {
    const name = names[Math.floor(i * step)] ?? '';
    const ignore = readYaml(name, 'ignore.yaml') as ResourceIgnoreDifferences[] | undefined;
    return {
      name,
      desired: readYaml(name, 'desired.yaml') as KubeObject,
      live: readYaml(name, 'live.yaml') as KubeObject,
      options: ignore ? { ignoreDifferences: ignore } : {},
    };
  });
}

function readRounds(): number {
  const at = process.argv.indexOf('--rounds');
  const value = at >= 0 ? Number(process.argv[at + 1]) : 200;
  return Number.isInteger(value) && value > 0 ? value : 200;
}

function run(pairs: readonly Pair[], rounds: number): { seconds: number; checksum: number } {
  let checksum = 0;
  const start = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const pair of pairs) {
      checksum += compareResource(pair.desired, pair.live, pair.options).differences.length;
    }
  }
  return { seconds: (performance.now() - start) / 1000, checksum };
}

const pairs = loadPairs();
const rounds = readRounds();
run(pairs, 20); // warm-up: let the JIT settle before measuring
const { seconds, checksum } = run(pairs, rounds);
const objects = pairs.length * rounds;
const rate = objects / seconds;
console.log(`diff bench: ${pairs.length} pairs × ${rounds} rounds = ${objects} compares`);
console.log(`  ${pairs.map((pair) => pair.name).join(', ')}`);
console.log(`  ${seconds.toFixed(3)} s, ${Math.round(rate).toLocaleString('en')} objects/s`);
console.log(
  `  a 4,000-object resync: ${((4000 / rate) * 1000).toFixed(1)} ms (differences seen: ${checksum})`,
);
