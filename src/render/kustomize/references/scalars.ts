import { RenderError } from '../../../model/index.js';
import { resolveGoScalar } from '../../yaml/go-resolve.js';

/** A JSON value Kustomize would hold in a YAML scalar node (null included). */
export function isScalar(value: unknown): value is string | number | bigint | boolean | null {
  return value === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof value);
}

/** The node text Kustomize reads from a scalar (`Value` of its yaml.Node). */
export function textOfScalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return '';
}

/** What an untagged plain scalar with this text becomes after Kustomize's JSON round trip. */
export function resolvePlainText(text: string): unknown {
  const scalar = resolveGoScalar(text, 'v3');
  switch (scalar.kind) {
    case 'str':
      return text;
    case 'null':
      return null;
    case 'bool':
    case 'int':
    case 'float':
    case 'timestamp':
      return scalar.value;
  }
}

function tagOf(value: unknown): string {
  if (value === null) return '!!null';
  if (typeof value === 'boolean') return '!!bool';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)))
    return '!!int';
  if (typeof value === 'number') return '!!float';
  return '!!str';
}

/**
 * Kustomize copies only the text into an existing scalar and keeps the node's tag; its
 * output step then reads the text back under that tag. This returns what that read yields
 * (`like` gives the tag; undefined means a freshly created, untagged node) and fails as
 * that read does when the text does not fit the tag.
 */
export function convertTextLike(text: string, like: unknown, file: string): unknown {
  if (like === undefined) return resolvePlainText(text);
  if (typeof like === 'string') return text;
  const resolved = resolvePlainText(text);
  const fits =
    (like === null && resolved === null) ||
    (typeof like === 'boolean' && typeof resolved === 'boolean') ||
    ((typeof like === 'number' || typeof like === 'bigint') &&
      (typeof resolved === 'number' || typeof resolved === 'bigint'));
  if (fits) return resolved;
  throw new RenderError(
    file,
    `yaml: cannot decode ${tagOf(resolved)} \`${text}\` as a ${tagOf(like)}`,
  );
}
