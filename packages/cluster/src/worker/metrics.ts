import { BehaviorSubject, type Observable } from 'rxjs';

/**
 * A worker's load and what happened to its calls, as plain numbers: read them (`worker.metrics`),
 * follow them (`worker.metrics$`), or feed them to a metrics system (the OpenTelemetry seam: map
 * `active`/`capacity` to a gauge and the counts to counters).
 */
export interface WorkerMetrics {
  readonly worker: string;
  readonly capacity: number;
  /** Calls running on this worker now. */
  readonly active: number;
  readonly draining: boolean;
  /** Calls this worker took (new and resumed). */
  readonly started: number;
  /** Of those, calls another worker had before (failover or hand-over). */
  readonly resumed: number;
  /** Calls that ended on this worker. */
  readonly completed: number;
  /** Calls another worker took from this one (its lease ran out). */
  readonly lost: number;
  /** Calls put back for another worker by a drain. */
  readonly handedOver: number;
}

type Count = 'started' | 'resumed' | 'completed' | 'lost' | 'handedOver';

/** The worker's metrics, re-emitted on every change. */
export class MetricsBoard {
  readonly #metrics: BehaviorSubject<WorkerMetrics>;

  constructor(worker: string, capacity: number) {
    this.#metrics = new BehaviorSubject<WorkerMetrics>({
      worker,
      capacity,
      active: 0,
      draining: false,
      started: 0,
      resumed: 0,
      completed: 0,
      lost: 0,
      handedOver: 0,
    });
  }

  get value(): WorkerMetrics {
    return this.#metrics.value;
  }

  get metrics$(): Observable<WorkerMetrics> {
    return this.#metrics.asObservable();
  }

  count(what: Count): void {
    this.#metrics.next({ ...this.value, [what]: this.value[what] + 1 });
  }

  set(change: Partial<Pick<WorkerMetrics, 'active' | 'draining'>>): void {
    this.#metrics.next({ ...this.value, ...change });
  }

  complete(): void {
    this.#metrics.complete();
  }
}
