import { DomainError } from '../../core/errors.js';

/**
 * Latency and failure injection for simulator drivers: a per-operation delay, and "fail the
 * next N calls of operation X (optionally only for target Y)".
 */
export class Faults {
  private readonly latency = new Map<string, number>();
  private readonly failures: { op: string; target?: string; remaining: number; message: string }[] = [];

  setLatency(op: string | '*', ms: number): void {
    this.latency.set(op, ms);
  }

  failNext(op: string, count = 1, target?: string, message = `simulated failure of ${op}`): void {
    this.failures.push({ op, target, remaining: count, message });
  }

  clear(): void {
    this.latency.clear();
    this.failures.length = 0;
  }

  /** Called at the start of every simulated operation. */
  async enter(op: string, target?: string): Promise<void> {
    const ms = this.latency.get(op) ?? this.latency.get('*') ?? 0;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    const f = this.failures.find((x) => x.op === op && x.remaining > 0 && (x.target === undefined || x.target === target));
    if (f) {
      f.remaining--;
      throw new DomainError('ResourceUnavailable', f.message);
    }
  }
}
