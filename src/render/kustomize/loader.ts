import {
  FileSourceError,
  RenderError,
  joinSourcePath,
  type FileSource,
} from '../../model/index.js';

export type LoadRestriction = 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';

export interface LoaderContext {
  source: FileSource;
  restriction: LoadRestriction;
  /** How to show a source path in messages (e.g. relative to the build directory). */
  display: (path: string) => string;
  /** Keep the per-resource transformer history buildMetadata annotations print. */
  recordTransformations?: boolean;
}

/** The file names Kustomize recognises, in its order of preference. */
export const KUSTOMIZATION_FILE_NAMES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/**
 * Reads files for one kustomization directory (its root) and opens loaders for the
 * directories it refers to. Under LoadRestrictionsRootOnly nothing outside the root may be
 * read, symlinks included; bases may be elsewhere but never the root itself, one of its
 * ancestors, or a directory already on the path from the top (a cycle).
 */
export class KustLoader {
  constructor(
    readonly context: LoaderContext,
    readonly root: string,
    private readonly visited: readonly string[] = [],
  ) {}

  /** Source path of `relative` (relative to this root), refusing escapes. */
  resolvePath(relative: string): string {
    const path = joinSourcePath(this.root, relative);
    if (path === undefined) {
      throw new RenderError(
        this.context.display(this.root),
        `'${relative}' is outside the source root`,
      );
    }
    return path;
  }

  async readText(relative: string): Promise<{ path: string; text: string }> {
    const { path, bytes } = await this.readBytes(relative);
    return { path, text: new TextDecoder().decode(bytes) };
  }

  /** The exact bytes (generators keep BOMs and binary content as they are). */
  async readBytes(relative: string): Promise<{ path: string; bytes: Uint8Array }> {
    const path = this.resolvePath(relative);
    await this.assertWithinRoot(path, relative);
    try {
      return { path, bytes: await this.context.source.readFile(path) };
    } catch (err) {
      throw this.wrap(err, path);
    }
  }

  async isDirectory(relative: string): Promise<boolean> {
    const path = joinSourcePath(this.root, relative);
    if (path === undefined) return false;
    return (await this.context.source.stat(path))?.kind === 'directory';
  }

  async exists(relative: string): Promise<boolean> {
    const path = joinSourcePath(this.root, relative);
    return path !== undefined && (await this.context.source.stat(path)) !== undefined;
  }

  /** A loader for a base or component directory named relative to this root. */
  async child(relative: string): Promise<KustLoader> {
    const path = await this.realPathOf(this.resolvePath(relative));
    const here = await this.realPathOf(this.root);
    if (path === here || isWithin(path, here)) {
      throw new RenderError(
        this.context.display(path),
        `cycle detected: '${relative}' must not be equal to or higher than the current root ${this.context.display(here)}`,
      );
    }
    if (this.visited.includes(path)) {
      throw new RenderError(
        this.context.display(path),
        `cycle detected: ${[...this.visited, path].map(this.context.display).join(' -> ')}`,
      );
    }
    return new KustLoader(this.context, path, [...this.visited, here]);
  }

  private async assertWithinRoot(path: string, relative: string): Promise<void> {
    if (this.context.restriction === 'LoadRestrictionsNone') return;
    const real = await this.realPathOf(path);
    const root = await this.realPathOf(this.root);
    if (!isWithin(root, real) && real !== root) {
      throw new RenderError(
        this.context.display(path),
        `security; file '${relative}' is not in or below '${this.context.display(this.root)}' (LoadRestrictionsRootOnly; --load-restrictor LoadRestrictionsNone lifts it)`,
      );
    }
  }

  private async realPathOf(path: string): Promise<string> {
    try {
      return await this.context.source.realPath(path);
    } catch (err) {
      if (err instanceof FileSourceError && err.code === 'NotFound') return path;
      throw this.wrap(err, path);
    }
  }

  private wrap(err: unknown, path: string): RenderError {
    if (err instanceof RenderError) return err;
    if (err instanceof FileSourceError) {
      const what =
        err.code === 'NotFound'
          ? 'no such file or directory'
          : err.code === 'OutsideRoot'
            ? 'symlink points outside the source root'
            : err.message;
      return new RenderError(this.context.display(path), what, { cause: err });
    }
    return new RenderError(
      this.context.display(path),
      err instanceof Error ? err.message : String(err),
      { cause: err },
    );
  }
}

function isWithin(dir: string, path: string): boolean {
  return dir === '' ? path !== '' : path.startsWith(`${dir}/`);
}
