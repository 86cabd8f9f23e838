import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Accumulator as BareAccumulator } from '../../../../../src/render/kustomize/accumulator.js';
import { defaultTransformerConfig } from '../../../../../src/render/kustomize/transformer-config.js';

/** An accumulator as a kustomization has it once its defaults are merged in. */
class Accumulator extends BareAccumulator {
  constructor() {
    super();
    this.config = defaultTransformerConfig();
  }
}
import { mergeVars, resolveVars } from '../../../../../src/render/kustomize/references/index.js';
import { Resource } from '../../../../../src/render/kustomize/resource.js';

function service(name: string, namespace: string): Resource {
  return new Resource({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace } });
}

function pod(command: string[]): Resource {
  return new Resource({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${command.join('')}` },
    spec: { containers: [{ name: 'c', command }] },
  });
}

function commandOf(r: Resource): unknown {
  return (r.obj['spec'] as { containers: { command: unknown }[] }).containers[0]?.command;
}

const hostVar = (name: string): Record<string, unknown> => ({
  name,
  objref: { apiVersion: 'v1', kind: 'Service', name: 'db' },
});

describe('vars', () => {
  it('binds each var to the object of its own base, so sibling bases may reuse a name', () => {
    const dev = new Accumulator();
    dev.resmap.append(service('db', 'dev'));
    mergeVars(dev, [hostVar('DEV')], 'dev');
    const prod = new Accumulator();
    prod.resmap.append(service('db', 'prod'));
    mergeVars(prod, [hostVar('PROD')], 'prod');
    const top = new Accumulator();
    top.mergeFrom(dev, 'top');
    top.mergeFrom(prod, 'top');
    for (const r of top.resmap.resources()) {
      r.rememberCurrentId();
      r.setName(`${r.namespace()}-db`);
    }
    const user = pod(['$(DEV)', '$(PROD)']);
    top.resmap.append(user);
    resolveVars(top.resmap, top.vars, top.config);
    assert.deepEqual(commandOf(user), ['dev-db', 'prod-db']);
  });

  it('refuses a var that two objects answer to', () => {
    const acc = new Accumulator();
    acc.resmap.append(service('db', 'a'));
    acc.resmap.append(service('db', 'b'));
    assert.throws(
      () => mergeVars(acc, [hostVar('HOST')], 'k.yaml'),
      /found 2 resId matches for var/u,
    );
  });

  it('refuses a var name declared twice', () => {
    const acc = new Accumulator();
    acc.resmap.append(service('db', 'a'));
    mergeVars(acc, [hostVar('HOST')], 'base');
    assert.throws(
      () => mergeVars(acc, [hostVar('HOST')], 'k.yaml'),
      /var 'HOST' already encountered/u,
    );
  });

  it('refuses a var whose object is not in the build', () => {
    const acc = new Accumulator();
    acc.resmap.append(pod(['$(HOST)']));
    mergeVars(acc, [hostVar('HOST')], 'k.yaml');
    assert.throws(
      () => resolveVars(acc.resmap, acc.vars, acc.config),
      /var '\{HOST Service\.v1\.\[noGrp\] \{metadata\.name\}\}' cannot be mapped/u,
    );
  });

  it('leaves unknown references and keeps $$ escapes only when there are no vars', () => {
    const acc = new Accumulator();
    const user = pod(['$$x', '$(NOPE)']);
    acc.resmap.append(user);
    resolveVars(acc.resmap, acc.vars, acc.config);
    assert.deepEqual(commandOf(user), ['$$x', '$(NOPE)']);
    acc.resmap.append(service('db', 'a'));
    mergeVars(acc, [hostVar('HOST')], 'k.yaml');
    resolveVars(acc.resmap, acc.vars, acc.config);
    assert.deepEqual(commandOf(user), ['$x', '$(NOPE)']);
  });
});
