import assert from 'node:assert';
import fc from 'fast-check';
import { BoundedMap } from '../../detection/bounded-map';
import { RecentClients } from '../../detection/fingerprint';

type Operation = { kind: 'get' | 'peek' | 'set' | 'delete'; key: number };

describe('BoundedMap', () => {
  it('should keep exactly the keys a plain least-recently-used list keeps', () => {
    const operation = fc.record({
      kind: fc.constantFrom<Operation['kind']>('get', 'peek', 'set', 'set', 'delete'),
      key: fc.integer({ min: 0, max: 12 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(operation, { maxLength: 300 }),
        (max, ops) => {
          const map = new BoundedMap<number, number>(max);
          // The model: keys from least to most recently used, in a plain array.
          const order: number[] = [];
          const values = new Map<number, number>();
          let evictions = 0;
          ops.forEach((op, step) => {
            const at = order.indexOf(op.key);
            if (op.kind === 'get' || op.kind === 'peek') {
              const got = op.kind === 'get' ? map.get(op.key) : map.peek(op.key);
              assert.strictEqual(got, at === -1 ? undefined : values.get(op.key));
              if (op.kind === 'get' && at !== -1) order.push(...order.splice(at, 1));
            } else if (op.kind === 'delete') {
              assert.strictEqual(map.delete(op.key), at !== -1);
              if (at !== -1) order.splice(at, 1);
            } else {
              map.set(op.key, step);
              if (at !== -1) order.splice(at, 1);
              else if (order.length >= max) {
                order.shift();
                evictions += 1;
              }
              order.push(op.key);
              values.set(op.key, step);
            }
            assert.deepStrictEqual(
              [...map].map(([key]) => key),
              order,
            );
          });
          assert.strictEqual(map.evictions, evictions);
          assert.strictEqual(map.size, order.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('RecentClients', () => {
  it('should find a pair only with equal header keys and User-Agent', () => {
    const recent = new RecentClients();
    const keys = ['HOST', 'USER_AGENT'];
    recent.add(keys, 'curl/8', 'key-1');
    recent.add(undefined, 'curl/8', 'key-2');
    keys.push('ACCEPT');
    assert.strictEqual(recent.find(['HOST', 'USER_AGENT'], 'curl/8'), 'key-1');
    assert.strictEqual(recent.find(['HOST', 'USER_AGENT'], 'curl/9'), undefined);
    assert.strictEqual(recent.find(['USER_AGENT', 'HOST'], 'curl/8'), undefined);
    assert.strictEqual(recent.find(['HOST', 'USER_AGENT', 'ACCEPT'], 'curl/8'), undefined);
    assert.strictEqual(recent.find(undefined, 'curl/8'), 'key-2');
    assert.strictEqual(recent.find([], 'curl/8'), undefined);
  });

  it('should forget the oldest pair after sixteen newer ones', () => {
    const recent = new RecentClients();
    for (let index = 0; index < 17; index++) recent.add([], `agent ${index}`, `key ${index}`);
    assert.strictEqual(recent.find([], 'agent 0'), undefined);
    assert.strictEqual(recent.find([], 'agent 1'), 'key 1');
    assert.strictEqual(recent.find([], 'agent 16'), 'key 16');
  });
});
