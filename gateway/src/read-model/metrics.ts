/** The read model's Prometheus gauges: blocks applied to the index and its lag behind the chain. */
import { Gauge, type Registry } from 'prom-client';
import type { ReadModel } from './index';

export function registerReadModelMetrics(registry: Registry, readModel: ReadModel): void {
  new Gauge({
    name: 'dtl_read_model_height',
    help: 'Blocks applied to the read model (the height its answers are computed at)',
    registers: [registry],
    collect() {
      this.set(readModel.indexer.height);
    },
  });
  new Gauge({
    name: 'dtl_read_model_lag_blocks',
    help: 'Blocks committed to the chain but not yet applied to the read model',
    registers: [registry],
    async collect() {
      this.set(await readModel.indexer.lag());
    },
  });
}
