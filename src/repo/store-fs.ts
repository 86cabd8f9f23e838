/**
 * The file system client handed to isomorphic-git for a store: node:fs/promises, except that
 * every file is written to a temporary name, flushed and renamed into place, so a reader (or
 * a process killed mid-write) never sees half a pack, index, ref or shallow file.
 */
import {
  chmod,
  lstat,
  mkdir,
  open,
  readFile,
  readdir,
  readlink,
  rename,
  rmdir,
  stat,
  symlink,
  unlink,
} from 'node:fs/promises';

/** Suffix of temporary files; leftovers of a crash are removed when a store opens. */
export const TEMP_MARKER = '.capstan-tmp-';

let sequence = 0;

export interface StoreFs {
  readonly promises: {
    readFile: typeof readFile;
    writeFile: typeof writeFileAtomically;
    unlink: typeof unlink;
    readdir: typeof readdir;
    mkdir: typeof mkdir;
    rmdir: typeof rmdir;
    stat: typeof stat;
    lstat: typeof lstat;
    readlink: typeof readlink;
    symlink: typeof symlink;
    chmod: typeof chmod;
  };
}

export function createStoreFs(): StoreFs {
  return {
    promises: {
      readFile,
      writeFile: writeFileAtomically,
      unlink,
      readdir,
      mkdir,
      rmdir,
      stat,
      lstat,
      readlink,
      symlink,
      chmod,
    },
  };
}

type WriteOptions =
  BufferEncoding | { encoding?: BufferEncoding; mode?: number } | null | undefined;

/** Writes `path` atomically: temp file, fsync, rename. Fails like writeFile (ENOENT etc.). */
export async function writeFileAtomically(
  path: string,
  data: string | Uint8Array,
  options?: WriteOptions,
): Promise<void> {
  const encoding = typeof options === 'string' ? options : (options?.encoding ?? undefined);
  const mode = typeof options === 'object' && options !== null ? options.mode : undefined;
  const temp = `${path}${TEMP_MARKER}${String(process.pid)}-${String(sequence++)}`;
  const handle = await open(temp, 'wx', mode ?? 0o644);
  try {
    await handle.writeFile(data, encoding === undefined ? {} : { encoding });
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
