/**
 * Engine fixtures under test/fixtures/render/kustomize/<area>/<case>/: `input/` is the
 * source root (read byte for byte, so BOMs and binary files survive), `case.json` may name
 * the directory to build (`entry`) and words a failure's message must contain
 * (`errorIncludes`), and `expected.yaml` or `expected-error.txt` holds what
 * `kubectl kustomize` printed for it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MemoryFileSource } from './memory-file-source.js';

const FIXTURES = fileURLToPath(
  new URL('../../../test/fixtures/render/kustomize/', import.meta.url),
);

export interface KustomizeFixture {
  readonly area: string;
  readonly name: string;
  readonly entry: string;
  readonly source: MemoryFileSource;
  /** kubectl kustomize's output, when it succeeded. */
  readonly expected: string | undefined;
  /** For a failing case: words our message must contain, when the case names them. */
  readonly errorIncludes: string | undefined;
}

/** A MemoryFileSource whose files read back as the given bytes. */
class ByteFileSource extends MemoryFileSource {
  constructor(private readonly bytes: ReadonlyMap<string, Uint8Array>) {
    super(Object.fromEntries([...bytes.keys()].map((path) => [path, ''])));
  }

  override async readFile(path: string): Promise<Uint8Array> {
    await super.readFile(path);
    return this.bytes.get(await this.realPath(path)) ?? new Uint8Array();
  }
}

/** Every fixture case of every area, in name order. */
export function readKustomizeFixtures(): KustomizeFixture[] {
  if (!existsSync(FIXTURES)) return [];
  return readdirSync(FIXTURES)
    .sort()
    .filter((area) => statSync(`${FIXTURES}${area}`).isDirectory())
    .flatMap((area) =>
      readdirSync(`${FIXTURES}${area}`)
        .sort()
        .filter((name) => existsSync(`${FIXTURES}${area}/${name}/input`))
        .map((name) => readFixture(area, name)),
    );
}

function readFixture(area: string, name: string): KustomizeFixture {
  const dir = `${FIXTURES}${area}/${name}/`;
  const bytes = new Map<string, Uint8Array>();
  collectFiles(`${dir}input/`, '', bytes);
  const spec = existsSync(`${dir}case.json`)
    ? (JSON.parse(readFileSync(`${dir}case.json`, 'utf8')) as {
        entry?: string;
        errorIncludes?: string;
      })
    : {};
  return {
    area,
    name,
    entry: spec.entry ?? '',
    source: new ByteFileSource(bytes),
    expected: existsSync(`${dir}expected.yaml`)
      ? readFileSync(`${dir}expected.yaml`, 'utf8')
      : undefined,
    errorIncludes: spec.errorIncludes,
  };
}

function collectFiles(dir: string, prefix: string, into: Map<string, Uint8Array>): void {
  for (const name of readdirSync(dir)) {
    const path = `${dir}${name}`;
    if (statSync(path).isDirectory()) collectFiles(`${path}/`, `${prefix}${name}/`, into);
    else into.set(`${prefix}${name}`, new Uint8Array(readFileSync(path)));
  }
}
