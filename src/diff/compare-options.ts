/** The per-resource `capstan.dev/compare-options` annotation (or its Argo CD twin). */
import { ANNOTATION, readAnnotation, splitOptionList, type KubeObject } from '../model/index.js';
import { isJsonObject } from './values.js';

export interface ResourceCompareOptions {
  /** `IgnoreExtraneous`: the object never makes its app OutOfSync when it is not in Git. */
  readonly ignoreExtraneous: boolean;
  /** `ServerSideDiff=true`: decide with a server-side dry-run rather than locally. */
  readonly serverSideDiff: boolean;
}

export function readCompareOptions(object: KubeObject): ResourceCompareOptions {
  const metadata = object['metadata'];
  const annotations = isJsonObject(metadata) ? metadata['annotations'] : undefined;
  const items = splitOptionList(
    readAnnotation(isJsonObject(annotations) ? annotations : undefined, ANNOTATION.compareOptions),
  );
  let ignoreExtraneous = false;
  let serverSideDiff = false;
  for (const item of items) {
    const [name = '', value] = item.split('=', 2).map((part) => part.trim());
    if (name === 'IgnoreExtraneous')
      ignoreExtraneous = value === undefined || value.toLowerCase() === 'true';
    if (name === 'ServerSideDiff') serverSideDiff = value?.toLowerCase() === 'true';
  }
  return { ignoreExtraneous, serverSideDiff };
}
