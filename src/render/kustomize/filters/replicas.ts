import { RenderError } from '../../../model/index.js';
import { visitFieldSpec } from '../field-spec.js';
import type { FieldSpec } from '../kustomization.js';
import type { ResMap } from '../res-map.js';

/**
 * Sets the replica count of the resources that have (or had) the given name and whose
 * kind a replicas field spec covers; naming nothing such is an error, as in Kustomize.
 */
export function applyReplicas(
  resmap: ResMap,
  replica: { name: string; count: number },
  fieldSpecs: readonly FieldSpec[],
  file = '',
): void {
  let found = false;
  for (const spec of fieldSpecs) {
    for (const resource of resmap.resources()) {
      const matches = resource
        .allIds()
        .some(
          (id) =>
            id.name === replica.name &&
            (!spec.kind || spec.kind === id.kind) &&
            (!spec.group || spec.group === id.group) &&
            (!spec.version || spec.version === id.version),
        );
      if (!matches) continue;
      found = true;
      visitFieldSpec(resource.obj, spec, ({ holder, key }) => {
        holder[key] = replica.count;
      });
    }
  }
  if (!found) {
    const kinds = fieldSpecs
      .map((s) => [s.kind, s.version, s.group].filter(Boolean).join('.'))
      .join(' ');
    throw new RenderError(
      file,
      `replicas: resource with name ${replica.name} does not match a config with the following GVK [${kinds}]`,
    );
  }
}
