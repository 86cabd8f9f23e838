import { visitFieldSpec } from '../field-spec.js';
import type { FieldSpec } from '../kustomization.js';
import type { ResMap } from '../res-map.js';
import type { Resource } from '../resource.js';

/** Kinds whose names are API identities (or referenced by them) and so never get an affix. */
function isAffixExempt(resource: Resource): boolean {
  const id = resource.originalId();
  return (
    id.kind === 'CustomResourceDefinition' ||
    id.kind === 'Namespace' ||
    (id.kind === 'APIService' && id.group === 'apiregistration.k8s.io')
  );
}

function matchesGvk(resource: Resource, spec: FieldSpec): boolean {
  const id = resource.originalId();
  return (
    (!spec.kind || spec.kind === id.kind) &&
    (!spec.group || spec.group === id.group) &&
    (!spec.version || spec.version === id.version)
  );
}

/**
 * Adds a name prefix or suffix through the namePrefix/nameSuffix field specs, and
 * records it (and the previous id) so that references can later be matched to the
 * right resource even when several bases reuse one name.
 */
export function applyNameAffix(
  resmap: ResMap,
  affix: { prefix?: string; suffix?: string },
  fieldSpecs: readonly FieldSpec[],
): void {
  const prefix = affix.prefix ?? '';
  const suffix = affix.suffix ?? '';
  for (const resource of resmap.resources()) {
    if (isAffixExempt(resource)) continue;
    for (const spec of fieldSpecs) {
      if (!matchesGvk(resource, spec)) continue;
      if (spec.path === 'metadata/name') {
        if (prefix !== '') resource.prefixes.push(prefix);
        if (suffix !== '') resource.suffixes.push(suffix);
        if (prefix !== '' || suffix !== '') resource.rememberCurrentId();
      }
      visitFieldSpec(resource.obj, spec, ({ holder, key }) => {
        const value = holder[key];
        holder[key] = `${prefix}${typeof value === 'string' ? value : ''}${suffix}`;
      });
    }
  }
  resmap.invalidate();
}
