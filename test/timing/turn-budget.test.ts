import t from 'tap';
import { TURN_BUDGET_MS, TurnBudget } from '../../src/timing/turn-budget.ts';

t.test('within the budget check() does not yield; past it, it yields one turn and starts over', async (t) => {
  let now = 0;
  const budget = new TurnBudget(4, () => now);
  const order: string[] = [];
  setImmediate(() => order.push('turn'));
  await budget.check();
  order.push('within');
  now = 5;
  await budget.check();
  order.push('past');
  t.same(order, ['within', 'turn', 'past'], 'only the check past the budget waited for the turn');
  now = 8;
  setImmediate(() => order.push('second turn'));
  await budget.check();
  order.push('within again');
  t.same(order.slice(3), ['within again'], 'the budget started over at the yield (5 ms): 3 ms later it is within');
});

t.test('the default budget and clock', async (t) => {
  t.equal(TURN_BUDGET_MS, 4);
  const order: string[] = [];
  setImmediate(() => order.push('turn'));
  await new TurnBudget().check();
  order.push('fresh');
  t.same(order, ['fresh'], 'a fresh budget is within its time');
});
