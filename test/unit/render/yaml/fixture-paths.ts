/**
 * Where the YAML-layer tests find their data, resolved from dist/test/unit/render/yaml/ to the
 * repository root: the fixtures of test/fixtures/render/yaml/ and the shared Kustomize
 * conformance corpus next to the repository.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repositoryRoot = new URL('../../../../../', import.meta.url);
const fixturesDir = new URL('test/fixtures/render/yaml/', repositoryRoot);
const conformanceCasesDir = new URL('../shared/conformance/kustomize/cases/', repositoryRoot);

export interface YamlFixtureCase {
  readonly name: string;
  readonly input: string;
  readonly expected: string;
}

/** Every `<case>/{input.yaml,expected.yaml}` pair, sorted by case name. */
export function readYamlFixtureCases(): YamlFixtureCase[] {
  const root = fileURLToPath(fixturesDir);
  return readdirSync(root)
    .filter((name) => statSync(`${root}${name}`).isDirectory())
    .sort()
    .map((name) => ({
      name,
      input: readFileSync(`${root}${name}/input.yaml`, 'utf8'),
      expected: readFileSync(`${root}${name}/expected.yaml`, 'utf8'),
    }));
}

export interface ReferenceOutput {
  readonly caseName: string;
  readonly path: string;
  readonly text: string;
}

/** Every YAML file of the conformance corpus (inputs and outputs) and of the fixtures. */
export function readAllYamlFiles(): { path: string; text: string }[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}${entry.name}`;
      if (entry.isDirectory()) walk(`${path}/`);
      else if (/\.ya?ml$/u.test(entry.name)) found.push(path);
    }
  };
  walk(fileURLToPath(conformanceCasesDir));
  walk(fileURLToPath(fixturesDir));
  return found.sort().map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** Every `expected.yaml` of the conformance corpus (cases that expect an error have none). */
export function readConformanceOutputs(): ReferenceOutput[] {
  const root = fileURLToPath(conformanceCasesDir);
  return readdirSync(root)
    .sort()
    .map((caseName) => ({ caseName, path: `${root}${caseName}/expected.yaml` }))
    .filter(({ path }) => existsSync(path))
    .map(({ caseName, path }) => ({ caseName, path, text: readFileSync(path, 'utf8') }));
}
