import type { KObject } from './res-id.js';
import { ResMap } from './res-map.js';
import {
  emptyTransformerConfig,
  mergeTransformerConfig,
  type TransformerConfig,
} from './transformer-config.js';

/** What a kustomization and everything below it has produced so far. */
export class Accumulator {
  readonly resmap = new ResMap();
  /** Starts empty: each kustomization merges the defaults with its own configurations. */
  config: TransformerConfig = emptyTransformerConfig();
  readonly vars: KObject[] = [];

  /** Absorbs a base's result: its resources (no id may repeat), config and vars. */
  mergeFrom(other: Accumulator, file: string): void {
    this.resmap.appendAll(other.resmap, file);
    this.config = mergeTransformerConfig(this.config, other.config);
    this.vars.push(...other.vars);
  }
}
