import type { KObject } from './res-id.js';
import { ResMap } from './res-map.js';
import {
  defaultTransformerConfig,
  mergeTransformerConfig,
  type TransformerConfig,
} from './transformer-config.js';

/** What a kustomization and everything below it has produced so far. */
export class Accumulator {
  readonly resmap = new ResMap();
  readonly config: TransformerConfig = defaultTransformerConfig();
  readonly vars: KObject[] = [];

  /** Absorbs a base's result: its resources (no id may repeat), config and vars. */
  mergeFrom(other: Accumulator, file: string): void {
    this.resmap.appendAll(other.resmap, file);
    mergeTransformerConfig(this.config, other.config);
    this.vars.push(...other.vars);
  }
}
