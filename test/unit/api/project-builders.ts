/** AppProject and Application builders for the project permission tests. */
import assert from 'node:assert/strict';
import {
  checkAppAgainstProject,
  validateAppProject,
  type AppProject,
  type AppProjectSpec,
  type Application,
  type ApplicationDestination,
} from '../../../src/api/index.js';
import { readYamlFixtures } from './fixture-files.js';

export function project(spec: AppProjectSpec, name = 'team-a'): AppProject {
  return {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'AppProject',
    metadata: { name, namespace: 'capstan-system' },
    spec,
  };
}

export function app(repoURL: string, destination: ApplicationDestination): Application {
  return {
    apiVersion: 'capstan.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web', namespace: 'capstan-system' },
    spec: { project: 'team-a', source: { repoURL, path: '.' }, destination },
  };
}

export const IN_CLUSTER = 'https://kubernetes.default.svc';
export const anywhere = { destinations: [{ server: '*', namespace: '*' }] };

export function isRepoPermitted(sourceRepos: string[], repoURL: string): boolean {
  const denials = checkAppAgainstProject(
    app(repoURL, { server: IN_CLUSTER, namespace: 'web' }),
    project({ sourceRepos, ...anywhere }),
  );
  return !denials.some((denial) => denial.field === 'spec.source.repoURL');
}

/** The restricted project of the api fixtures, through validation as the controller reads it. */
export function restrictedProject(): AppProject {
  const fixture = readYamlFixtures('valid').find((f) => f.name === 'app-project-restricted');
  assert.ok(fixture);
  const result = validateAppProject(fixture.document);
  assert.ok(result.ok);
  return result.project;
}
