// Local ESLint rule enforcing DESIGN.md §4: imports between src/ modules point downward
// only, always through the target module's index, and adapters keep their libraries.
import path from 'node:path';

/** Which of our modules each module may import (besides itself). */
export const ALLOWED_IMPORTS = {
  model: [],
  api: ['model'],
  render: ['model'],
  diff: ['model', 'api'],
  health: ['model', 'api'],
  'sync/plan': ['model', 'api', 'diff', 'health'],
  status: ['model', 'api', 'diff', 'health', 'sync/plan'],
  log: ['model'],
  metrics: ['model'],
  kube: ['model', 'api', 'log', 'metrics'],
  repo: ['model', 'log', 'metrics'],
  sync: ['model', 'api', 'diff', 'health', 'sync/plan', 'kube', 'log', 'metrics'],
  devcluster: ['model', 'kube', 'log'],
  devgit: ['model'],
  controller: [
    'model',
    'api',
    'render',
    'diff',
    'health',
    'sync/plan',
    'status',
    'log',
    'metrics',
    'kube',
    'repo',
    'sync',
  ],
  server: [
    'model',
    'api',
    'render',
    'diff',
    'health',
    'sync/plan',
    'status',
    'log',
    'metrics',
    'kube',
    'repo',
    'sync',
    'controller',
  ],
  cli: ['*'],
  root: ['*'],
};

/** Modules that must stay pure: no Node built-ins, no clock, no randomness, no process. */
export const PURE_MODULES = ['model', 'api', 'render', 'diff', 'health', 'sync/plan', 'status'];

/** npm packages that only one module may import. */
const PACKAGE_OWNERS = {
  '@kubernetes/client-node': 'kube',
  'isomorphic-git': 'repo',
  pino: 'log',
  'prom-client': 'metrics',
};

export function moduleOf(srcRelative) {
  const parts = srcRelative.split('/');
  if (parts.length === 1) return 'root';
  if (parts[0] === 'sync' && parts[1] === 'plan' && parts.length > 2) return 'sync/plan';
  return parts[0];
}

function isIndexOf(srcRelative, moduleName) {
  if (moduleName === 'root') return true;
  return srcRelative === `${moduleName}/index.ts` || srcRelative === `${moduleName}/index.js`;
}

function checkSource(context, node, source, fromFile, srcRoot) {
  const fromRel = path.relative(srcRoot, fromFile).split(path.sep).join('/');
  const fromModule = moduleOf(fromRel);
  if (!source.startsWith('.')) {
    const pkg = source.startsWith('@')
      ? source.split('/').slice(0, 2).join('/')
      : source.split('/')[0];
    const owner = PACKAGE_OWNERS[pkg];
    if (owner && owner !== fromModule && ALLOWED_IMPORTS[fromModule]?.[0] !== '*') {
      context.report({ node, message: `only src/${owner}/ may import "${pkg}"` });
    }
    if (PURE_MODULES.includes(fromModule) && (source.startsWith('node:') || BUILTINS.has(pkg))) {
      context.report({
        node,
        message: `src/${fromModule}/ is pure: no Node built-ins ("${source}")`,
      });
    }
    return;
  }
  const target = path.resolve(path.dirname(fromFile), source);
  const targetRel = path.relative(srcRoot, target).split(path.sep).join('/');
  if (targetRel.startsWith('..')) return;
  const targetModule = moduleOf(targetRel);
  if (targetModule === fromModule) return;
  const allowed = ALLOWED_IMPORTS[fromModule] ?? [];
  if (!allowed.includes('*') && !allowed.includes(targetModule)) {
    context.report({
      node,
      message: `src/${fromModule}/ may not import src/${targetModule}/ (DESIGN.md §4)`,
    });
  } else if (
    !isIndexOf(targetRel, targetModule) &&
    fromModule !== 'root' &&
    targetModule !== 'root'
  ) {
    context.report({
      node,
      message: `import src/${targetModule}/ through its index.js, not ${targetRel}`,
    });
  }
}

const BUILTINS = new Set([
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'crypto',
  'url',
  'util',
  'stream',
  'events',
  'zlib',
  'process',
]);

export const moduleBoundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = context.filename;
    const srcRoot = path.join(context.cwd, 'src');
    if (!file.startsWith(srcRoot + path.sep)) return {};
    const visit = (node) => {
      if (node.source && typeof node.source.value === 'string') {
        checkSource(context, node, node.source.value, file, srcRoot);
      }
    };
    return {
      ImportDeclaration: visit,
      ExportNamedDeclaration: visit,
      ExportAllDeclaration: visit,
      ImportExpression: visit,
    };
  },
};

export default { rules: { 'module-boundaries': moduleBoundaries } };
