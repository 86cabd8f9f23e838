/** What a source's targetRevision means when it is left empty: HEAD, as in Argo CD. */
export function targetRevisionOf(source: { readonly targetRevision?: string | undefined }): string {
  const revision = source.targetRevision?.trim() ?? '';
  return revision === '' ? 'HEAD' : revision;
}
