import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appSettingsSchema, appSettingsV1Schema } from './schemas';
import { MIGRATED_TAB_ID, migrateSettingsV1 } from './settings-migration';
import type { AppSettingsV1 } from './settings';

const text = fc.string({ maxLength: 20 });
const mode = fc.constantFrom('ascii' as const, 'hex' as const);
const v1Arbitrary: fc.Arbitrary<AppSettingsV1> = fc.record(
  {
    version: fc.constant(1 as const),
    protocol: fc.constantFrom('udp' as const, 'tcp-client' as const, 'tcp-server' as const),
    localAddress: text,
    localPort: text,
    remoteHost: text,
    remotePort: text,
    clientLocalPort: text,
    udpTarget: text,
    receive: fc.record(
      { mode, logMode: fc.boolean(), wrap: fc.boolean(), autoScroll: fc.boolean(), logCapacity: fc.integer({ min: 1_000, max: 1_000_000 }) },
      { requiredKeys: ['mode', 'logMode', 'wrap', 'autoScroll'] },
    ),
    send: fc.record({ mode, escapes: fc.boolean(), appendCrlf: fc.boolean() }),
    history: fc.array(fc.record({ text, mode }), { maxLength: 20 }),
    repeatPeriod: text,
    capturePath: text,
    sendFilePath: text,
    language: fc.constantFrom('zh-CN' as const, 'en' as const, null),
  },
  { requiredKeys: ['version', 'protocol', 'localAddress', 'localPort', 'remoteHost', 'remotePort', 'clientLocalPort', 'udpTarget', 'receive', 'send', 'history', 'language'] },
);

describe('migrateSettingsV1', () => {
  it('turns any valid version-1 file into a valid one-tab workspace that keeps every field', () => {
    fc.assert(
      fc.property(v1Arbitrary, (v1) => {
        expect(appSettingsV1Schema.safeParse(v1).success).toBe(true);
        const v2 = migrateSettingsV1(v1);
        expect(appSettingsSchema.safeParse(v2).success).toBe(true);
        const { version: _version, history, language, ...form } = v1;
        const historyWithOptions = history.map((item) => ({ ...item, escapes: false, appendCrlf: false }));
        expect(v2).toEqual({ version: 2, tabs: [{ id: MIGRATED_TAB_ID, title: '', openAtStart: false, ...form }], activeTabId: MIGRATED_TAB_ID, history: historyWithOptions, language });
      }),
      { numRuns: 200 },
    );
  });
});
