/** `capstan health` argv → HealthCommand; config.ts (the only reader of argv) calls it. */
import { parseArgs } from 'node:util';
import { UsageError } from '../model/index.js';

/** `capstan health [-o json] FILE...`. */
export interface HealthCommand {
  command: 'health';
  files: string[];
  output: 'text' | 'json';
}

export const HEALTH_USAGE = `  health [-o json] FILE...
      health of live objects saved as YAML, by the controller's rules
`;

export function parseHealthArgs(argv: readonly string[]): HealthCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { output: { type: 'string', short: 'o', default: 'text' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError(`health: ${err instanceof Error ? err.message : String(err)}`);
  }
  const output = parsed.values.output;
  if (output !== 'text' && output !== 'json')
    throw new UsageError('health: -o must be json (or text, the default)');
  if (parsed.positionals.length === 0)
    throw new UsageError('health: at least one FILE is required');
  return { command: 'health', files: parsed.positionals, output };
}
