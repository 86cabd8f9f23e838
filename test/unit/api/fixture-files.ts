/** Fixture and CRD locations for the api tests, resolved from dist/test/unit/api/ to the repository root. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repositoryRoot = new URL('../../../../', import.meta.url);

export const fixturesDir = new URL('test/fixtures/api/', repositoryRoot);
export const crdsDir = new URL('crds/', repositoryRoot);

export interface YamlFixture {
  readonly name: string;
  readonly text: string;
  readonly document: unknown;
}

/** Every `*.yaml` file in `dir` (a folder under test/fixtures/api/), sorted by name. */
export function readYamlFixtures(dir: string): YamlFixture[] {
  const folder = new URL(`${dir}/`, fixturesDir);
  return readdirSync(fileURLToPath(folder))
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const text = readFileSync(new URL(name, folder), 'utf8');
      return { name: name.replace(/\.yaml$/u, ''), text, document: parse(text) as unknown };
    });
}

/** A CRD file of crds/, parsed. */
export function readCrd(fileName: string): unknown {
  return parse(readFileSync(new URL(fileName, crdsDir), 'utf8')) as unknown;
}
