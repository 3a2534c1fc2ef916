/**
 * Per-department budget for reads that write to the ledger (each cross-region read writes one access record per
 * owner, allowed or refused). A department over its budget gets 429 RATE_LIMITED BEFORE anything is written, so a
 * flood of reads — refused ones included — cannot become a flood of ledger writes. `DTL_GUARDED_READS_PER_MINUTE`
 * (default 120) sets the budget; the window slides over the last 60 s. (General per-department request limits are
 * a separate concern.)
 */
import { ApiError } from './errors';

export class GuardedReadBudget {
  private readonly spent = new Map<string, number[]>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 60_000,
  ) {}

  /** Takes `writes` ledger writes from the department's budget, or throws 429 without taking any. */
  take(department: string, writes: number): void {
    if (writes <= 0) return;
    const now = this.now();
    const recent = (this.spent.get(department) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length + writes > this.perMinute) {
      this.spent.set(department, recent);
      const retryAfter = recent.length > 0 ? Math.max(1, Math.ceil((this.windowMs - (now - (recent[0] ?? now))) / 1000)) : Math.ceil(this.windowMs / 1000);
      throw new ApiError(429, 'RATE_LIMITED', `${department} has used its ${this.perMinute} access-recorded reads per minute; try again in ${retryAfter} s`, { limitPerMinute: this.perMinute, retryAfterSeconds: retryAfter });
    }
    for (let i = 0; i < writes; i++) recent.push(now);
    this.spent.set(department, recent);
    if (this.spent.size > 10_000) this.spent.clear();
  }
}
