import { buildKustomization, emitKustomizeYaml } from '../render/index.js';
import type { BuildCommand } from '../config.js';
import type { CommandIO } from './io.js';
import { LocalFileSource, toSourcePath } from './local-file-source.js';

/**
 * `capstan build DIR`: prints what `kustomize build DIR` prints. Nothing reaches stdout
 * unless the whole build succeeded, so a failed build never yields a partial stream.
 */
export async function runBuild(command: BuildCommand, io: CommandIO): Promise<number> {
  const objects = await buildKustomization(
    new LocalFileSource(),
    toSourcePath(command.dir, command.cwd),
    {
      loadRestriction: command.loadRestriction,
      enableManagedByLabel: command.enableManagedByLabel,
      display: (path) => `/${path}`,
    },
  );
  io.stdout(emitKustomizeYaml(objects));
  return 0;
}
