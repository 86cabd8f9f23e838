import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root: the nearest package.json named "capstan" above this file. */
export function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isCapstanManifest(manifest)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the capstan package root');
    dir = parent;
  }
}

function isCapstanManifest(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name === 'capstan';
  } catch {
    return false;
  }
}

/** Where the Go module that builds the control plane lives inside the package. */
export function controlPlaneModuleDir(packageRoot: string): string {
  return join(packageRoot, 'test', 'controlplane');
}

export function crdDir(packageRoot: string): string {
  return join(packageRoot, 'crds');
}
