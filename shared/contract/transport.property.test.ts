import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MENU_TAB_POSITIONS, parseMenuCommand } from './transport';

describe('parseMenuCommand (what the preload passes from the menu channel to the page)', () => {
  it('never throws, and gives only a command of the closed list', () => {
    const nearly = fc.oneof(
      fc.constantFrom('tab.new', 'TAB.NEW', 'tab.new ', 'tab.', '__proto__', 'toString'),
      fc.record({ position: fc.oneof(fc.integer({ min: -1, max: 10 }), fc.double(), fc.string({ maxLength: 2 })) }),
      fc.constant(JSON.parse('{"__proto__": {"position": 1}}') as unknown),
      fc.constant({ position: 1, extra: true }),
    );
    fc.assert(
      fc.property(fc.oneof(nearly, fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true })), (value) => {
        const command = parseMenuCommand(value);
        if (command === undefined) return;
        if (typeof command === 'string') expect(['tab.new', 'tab.close', 'tab.next', 'tab.previous', 'tab.last']).toContain(command);
        else expect(MENU_TAB_POSITIONS).toContain(command.position);
      }),
      { numRuns: 2000 },
    );
  });
});
