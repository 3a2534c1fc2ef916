import { ApiError } from './errors';
import { GuardedReadBudget } from './guarded-read-budget';

describe('GuardedReadBudget', () => {
  it('allows up to the budget per department per minute, then refuses with 429 without taking anything', () => {
    let now = 1_000_000;
    const budget = new GuardedReadBudget(3, () => now);
    budget.take('sh-samr', 2);
    budget.take('sh-samr', 1);
    expect(() => budget.take('sh-samr', 1)).toThrow(ApiError);
    try {
      budget.take('sh-samr', 1);
    } catch (error) {
      expect((error as ApiError).status).toBe(429);
      expect((error as ApiError).code).toBe('RATE_LIMITED');
    }
    budget.take('zj-hz-sjj', 3); // another department has its own budget
    now += 60_001;
    budget.take('sh-samr', 3); // the window slid past the earlier reads
    expect(() => budget.take('sh-samr', 1)).toThrow(ApiError);
  });

  it('a refused take does not spend budget', () => {
    const budget = new GuardedReadBudget(2, () => 0);
    expect(() => budget.take('a', 3)).toThrow(ApiError);
    budget.take('a', 2);
  });
});
