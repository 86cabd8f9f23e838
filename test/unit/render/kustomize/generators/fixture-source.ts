/**
 * The generator fixtures (test/fixtures/render/kustomize/generators/<case>/) as in-memory
 * FileSources. Files keep their exact bytes, since generators must see BOMs and non-UTF-8
 * content as they are; the in-memory tree supplies directories, stat and symlinks.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FileSource } from '../../../../../src/model/index.js';
import { MemoryFileSource } from '../../../../helpers/memory-file-source.js';

const fixturesDir = fileURLToPath(
  new URL('../../../../../../test/fixtures/render/kustomize/generators/', import.meta.url),
);

export interface GeneratorFixture {
  readonly name: string;
  /** Directory to build, relative to the source root (the fixture's input/). */
  readonly entry: string;
  readonly source: FileSource;
  /** kubectl kustomize's stdout, or undefined when it failed. */
  readonly expected: string | undefined;
  /** kubectl kustomize's error text (informational), when it failed. */
  readonly expectedError: string | undefined;
}

/** A MemoryFileSource whose files read back as the given bytes. */
export class ByteFileSource extends MemoryFileSource {
  constructor(private readonly bytes: ReadonlyMap<string, Uint8Array>) {
    super(Object.fromEntries([...bytes.keys()].map((path) => [path, ''])));
  }

  override async readFile(path: string): Promise<Uint8Array> {
    await super.readFile(path);
    const real = await this.realPath(path);
    return this.bytes.get(real) ?? new Uint8Array();
  }
}

export function readGeneratorFixtures(): GeneratorFixture[] {
  return readdirSync(fixturesDir)
    .filter((name) => statSync(`${fixturesDir}${name}`).isDirectory())
    .sort()
    .map((name) => readFixture(name));
}

function readFixture(name: string): GeneratorFixture {
  const dir = `${fixturesDir}${name}/`;
  const bytes = new Map<string, Uint8Array>();
  collectFiles(`${dir}input/`, '', bytes);
  const caseFile = optionalText(`${dir}case.json`);
  const entry =
    caseFile === undefined ? '' : ((JSON.parse(caseFile) as { entry?: string }).entry ?? '');
  return {
    name,
    entry,
    source: new ByteFileSource(bytes),
    expected: optionalText(`${dir}expected.yaml`),
    expectedError: optionalText(`${dir}expected-error.txt`),
  };
}

function collectFiles(dir: string, prefix: string, into: Map<string, Uint8Array>): void {
  for (const name of readdirSync(dir)) {
    const path = `${dir}${name}`;
    if (statSync(path).isDirectory()) collectFiles(`${path}/`, `${prefix}${name}/`, into);
    else into.set(`${prefix}${name}`, new Uint8Array(readFileSync(path)));
  }
}

function optionalText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
