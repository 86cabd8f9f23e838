/**
 * The reference fixtures (test/fixtures/render/kustomize/references/<case>/) as in-memory
 * FileSources: input/ is the source root, case.json may name the directory to build, and
 * expected.yaml (or expected-error.txt) holds what `kubectl kustomize` printed.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FileSource } from '../../../../../src/model/index.js';
import { MemoryFileSource } from '../../../../helpers/memory-file-source.js';

const fixturesDir = fileURLToPath(
  new URL('../../../../../../test/fixtures/render/kustomize/references/', import.meta.url),
);

export interface ReferenceFixture {
  readonly name: string;
  /** Directory to build, relative to the source root (the fixture's input/). */
  readonly entry: string;
  readonly source: FileSource;
  /** kubectl kustomize's stdout, or undefined when it failed. */
  readonly expected: string | undefined;
  /** For a failing case: words our message must contain (the failure's cause). */
  readonly errorIncludes: string | undefined;
}

export function readReferenceFixtures(): ReferenceFixture[] {
  return readdirSync(fixturesDir)
    .filter((name) => statSync(`${fixturesDir}${name}`).isDirectory())
    .sort()
    .map((name) => readFixture(name));
}

interface CaseFile {
  entry?: string;
  errorIncludes?: string;
}

function readFixture(name: string): ReferenceFixture {
  const dir = `${fixturesDir}${name}/`;
  const files: Record<string, string> = {};
  collectFiles(`${dir}input/`, '', files);
  const caseFile = optionalText(`${dir}case.json`);
  const spec = caseFile === undefined ? {} : (JSON.parse(caseFile) as CaseFile);
  return {
    name,
    entry: spec.entry ?? '',
    errorIncludes: spec.errorIncludes,
    source: new MemoryFileSource(files),
    expected: optionalText(`${dir}expected.yaml`),
  };
}

function collectFiles(dir: string, prefix: string, into: Record<string, string>): void {
  for (const name of readdirSync(dir)) {
    const path = `${dir}${name}`;
    if (statSync(path).isDirectory()) collectFiles(`${path}/`, `${prefix}${name}/`, into);
    else into[`${prefix}${name}`] = readFileSync(path, 'utf8');
  }
}

function optionalText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
