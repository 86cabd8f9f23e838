/**
 * The Dockerfile cannot be built here (no Docker daemon in CI), so its promises are checked
 * from the text: every COPY from the context names a path that exists and that
 * .dockerignore lets through; the final stage installs nothing but production dependencies,
 * runs as the UID the Deployment expects, and starts the controller.
 * test/integration/deploy/image-files.test.ts runs the final stage's file set.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { findObject, renderDeploy, repoRoot } from './support.js';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly from: string;
  readonly instructions: Instruction[];
}

/** Splits the Dockerfile into stages of instructions (no line continuations are used). */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of text.split('\n')) {
    const match = /^([A-Z]+)\s+(.*)$/u.exec(line.trim());
    if (!match) continue;
    const [, keyword = '', args = ''] = match;
    if (keyword === 'FROM') stages.push({ from: args, instructions: [] });
    else stages.at(-1)?.instructions.push({ keyword, args });
  }
  return stages;
}

/** `COPY a b dest` without --from: the context paths a, b. */
function contextSources(stage: Stage): string[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
    .flatMap((i) => i.args.split(/\s+/u).slice(0, -1));
}

/** The `!path` lines of a .dockerignore that starts by excluding everything (`*`). */
function allowedByDockerignore(text: string): string[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  assert.equal(lines[0], '*', '.dockerignore should start by excluding everything');
  return lines.slice(1).map((l) => {
    assert.ok(l.startsWith('!'), `unexpected .dockerignore line ${l}`);
    return l.slice(1).replace(/\/$/u, '');
  });
}

describe('Dockerfile', () => {
  const stages = parseDockerfile(readFileSync(`${repoRoot}Dockerfile`, 'utf8'));
  const final = stages.at(-1);
  const allowed = allowedByDockerignore(readFileSync(`${repoRoot}.dockerignore`, 'utf8'));

  it('copies only paths that exist and that .dockerignore lets through', () => {
    const sources = stages.flatMap(contextSources);
    assert.ok(sources.length > 0, 'no COPY from the context');
    for (const source of sources) {
      const path = source.replace(/\/$/u, '');
      assert.ok(existsSync(`${repoRoot}${path}`), `${source} does not exist`);
      assert.ok(allowed.includes(path), `${source} is excluded by .dockerignore`);
    }
  });

  it('builds in one stage and installs only production dependencies for the last', () => {
    assert.ok(stages.length >= 2, 'not multi-stage');
    const runs = stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN'));
    assert.ok(
      runs.some((r) => /npx tsc\b/u.test(r.args)),
      'no TypeScript build',
    );
    assert.ok(
      runs.some((r) => /npm ci --omit=dev\b/u.test(r.args)),
      'no npm ci --omit=dev',
    );
    assert.ok(final, 'no stage');
    assert.deepEqual(
      final.instructions.filter((i) => i.keyword === 'RUN'),
      [],
      'the final stage runs commands (its layers should be copies only)',
    );
    const copied = final.instructions
      .filter((i) => i.keyword === 'COPY')
      .map((i) => i.args.split(/\s+/u).at(-1));
    assert.deepEqual(copied.sort(), ['./', 'bin/', 'crds/', 'dist/src/', 'node_modules/']);
  });

  it('runs as the non-root UID of deploy/base and starts the controller', async () => {
    assert.ok(final, 'no stage');
    const user = final.instructions.find((i) => i.keyword === 'USER');
    const objects = await renderDeploy('deploy/base');
    const deployment = findObject(objects, 'Deployment', 'capstan-controller', 'capstan-system');
    const pod = (deployment['spec'] as { template: { spec: { securityContext: object } } }).template
      .spec.securityContext as { runAsUser: number };
    assert.equal(user?.args.split(':')[0], String(pod.runAsUser));
    const entrypoint = final.instructions.find((i) => i.keyword === 'ENTRYPOINT');
    assert.deepEqual(JSON.parse(entrypoint?.args ?? 'null'), ['node', 'bin/capstan.js']);
    const cmd = final.instructions.find((i) => i.keyword === 'CMD');
    assert.deepEqual(JSON.parse(cmd?.args ?? 'null'), ['controller']);
  });
});
