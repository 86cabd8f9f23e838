import { RenderError } from '../../../model/index.js';
import { visitFieldSpec } from '../field-spec.js';
import type { FieldSpec } from '../kustomization.js';
import { isMap } from '../kustomization.js';
import type { ResMap } from '../res-map.js';

/**
 * Sets string entries (labels, annotations) in every map field the specs reach,
 * creating the map where a spec says `create`. Used for commonLabels, labels and
 * commonAnnotations.
 */
export function applyMapEntries(
  resmap: ResMap,
  entries: Record<string, string>,
  fieldSpecs: readonly FieldSpec[],
): void {
  const pairs = Object.entries(entries);
  if (pairs.length === 0) return;
  for (const resource of resmap.resources()) {
    for (const spec of fieldSpecs) {
      visitFieldSpec(resource.obj, spec, ({ holder, key }) => {
        let map = holder[key];
        if (map === undefined || map === null) {
          map = {};
          holder[key] = map;
        }
        if (!isMap(map))
          throw new RenderError(
            '',
            `${resource.kind()}/${resource.name()}: ${spec.path} is not a map`,
          );
        for (const [name, value] of pairs) map[name] = value;
      });
    }
  }
}
