import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

/**
 * Runs `work` while holding an exclusive lock file, so two processes (two test files, a
 * test and a demo) never build the same binaries at once. A lock left by a dead process
 * is taken over.
 */
export async function withBuildLock(
  lockPath: string,
  onProgress: (line: string) => void,
  work: () => Promise<void>,
): Promise<void> {
  let announced = false;
  for (;;) {
    if (tryAcquire(lockPath)) break;
    const holder = readHolder(lockPath);
    if (holder !== undefined && !isAlive(holder)) {
      rmSync(lockPath, { force: true });
      continue;
    }
    if (!announced) {
      onProgress(
        `waiting for another process (pid ${String(holder)}) that is building the control plane`,
      );
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  try {
    await work();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

function tryAcquire(lockPath: string): boolean {
  try {
    const fd = openSync(lockPath, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function readHolder(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isFinite(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
