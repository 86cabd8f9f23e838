/** Names fixed by DESIGN.md §1; everything that touches the wire refers to these. */
export const API_GROUP = 'capstan.dev';
export const API_VERSION = 'v1alpha1';
export const API_GROUP_VERSION = `${API_GROUP}/${API_VERSION}`;
export const INSTALL_NAMESPACE = 'capstan-system';
export const FIELD_MANAGER = 'capstan';

export const KINDS = {
  application: { kind: 'Application', plural: 'applications' },
  appProject: { kind: 'AppProject', plural: 'appprojects' },
} as const;

export const CRD_NAMES = [
  `${KINDS.application.plural}.${API_GROUP}`,
  `${KINDS.appProject.plural}.${API_GROUP}`,
] as const;
