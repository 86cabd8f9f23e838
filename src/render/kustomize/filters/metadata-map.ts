import { RenderError } from '../../../model/index.js';
import { visitFieldSpec } from '../field-spec.js';
import type { FieldSpec } from '../kustomization.js';
import { isMap } from '../kustomization.js';
import { linkFields, type FieldLocation } from '../linked-fields.js';
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
    for (const [name, value] of pairs) {
      // Kustomize puts one value node per resource and key into every field it creates.
      const created: FieldLocation[] = [];
      for (const spec of fieldSpecs) {
        visitFieldSpec(resource.obj, spec, ({ holder, key, trail }) => {
          let map = holder[key];
          if (map === undefined || map === null) {
            map = {};
            holder[key] = map;
          }
          if (!isMap(map)) {
            throw new RenderError(
              '',
              `${resource.kind()}/${resource.name()}: ${spec.path} is not a map`,
            );
          }
          if (!(name in map)) created.push([...trail, key, name]);
          map[name] = value;
        });
      }
      linkFields(resource, created, value);
    }
  }
}
