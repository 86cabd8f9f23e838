/**
 * A new commit one app finds is news for every app that follows the same repository and
 * targetRevision: they ask Git at once instead of waiting for their own poll.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getObject, type KubeClient } from '../../../src/kube/index.js';
import { useControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/eventually.js';
import { startGitServer, type GitServer, type TestRepo } from '../../helpers/git-server/index.js';
import {
  applicationManifest,
  configMapYaml,
  connectTestKube,
  mustKubectl,
  readAppStatus,
  startControllerProcess,
  type ControllerProcess,
} from './support.js';

const APP_NS = 'capstan-system';
const configMap = (value: string) => configMapYaml('settings', { value });

describe(
  'controller: apps on one repository learn of a new commit together',
  { timeout: 90_000 },
  () => {
    let plane: TestControlPlane;
    let server: GitServer;
    let repo: TestRepo;
    let controller: ControllerProcess;
    let client: KubeClient;
    const valueIn = async (namespace: string) =>
      (
        (
          await getObject(client, {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            namespace,
            name: 'settings',
          })
        )?.['data'] as Record<string, string> | undefined
      )?.['value'];

    before(async () => {
      plane = await useControlPlane();
      client = connectTestKube(plane.kubeconfig);
      server = await startGitServer();
      repo = await server.createRepo('siblings');
      await repo.commit({
        'one/settings.yaml': configMap('a'),
        'two/settings.yaml': configMap('a'),
      });
      await mustKubectl(plane.kubeconfig, ['create', 'namespace', APP_NS]);
      // A poll far longer than the test: only the refresh of `one` can bring the new commit.
      controller = await startControllerProcess(plane.kubeconfig, ['--resync', '10m']);
      for (const name of ['one', 'two'])
        await mustKubectl(
          plane.kubeconfig,
          ['apply', '-f', '-'],
          applicationManifest({
            name,
            repoURL: repo.url,
            path: name,
            destinationNamespace: `sibling-${name}`,
            extraSpec: {
              syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
            },
          }),
        );
      await eventually(async () => {
        assert.equal(await valueIn('sibling-one'), 'a');
        assert.equal(await valueIn('sibling-two'), 'a');
      });
    });

    after(async () => {
      await controller.stop();
      await server.close();
      await plane.stop();
    });

    it('applies the commit to the sibling when one app is refreshed', async () => {
      const commit = await repo.commit(
        { 'one/settings.yaml': configMap('b'), 'two/settings.yaml': configMap('b') },
        { message: 'b' },
      );
      await mustKubectl(plane.kubeconfig, [
        'annotate',
        'capp',
        'one',
        '-n',
        APP_NS,
        'capstan.dev/refresh=normal',
      ]);
      await eventually(
        async () => {
          assert.equal(await valueIn('sibling-one'), 'b');
          assert.equal(await valueIn('sibling-two'), 'b', 'the sibling did not wait for its poll');
          assert.equal((await readAppStatus(client, APP_NS, 'two'))?.sync?.revision, commit);
        },
        { timeoutMs: 20_000 },
      );
    });
  },
);
