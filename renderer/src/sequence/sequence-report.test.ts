import { describe, expect, it } from 'vitest';
import type { Sequence, SequenceSummary } from '@shared/contract/sequence';
import { plainSendSpec } from '@shared/contract/send-spec';
import { failureSentence, formatDuration, formatMs, summarySentences } from '../i18n/sequence-sentences';
import { sequenceReportFileName, sequenceReportJson } from './sequence-report';

const sequence: Sequence = {
  name: 'Modbus poll',
  steps: [
    { kind: 'send', spec: plainSendSpec('01 03 00 00 00 0A', 'hex') },
    { kind: 'expect', match: { kind: 'hex-pattern', pattern: '01 03 ??' }, timeoutMs: 2000, samePeer: true },
  ],
  continueOnFailure: false,
};

const summary: SequenceSummary = {
  name: 'Modbus poll',
  outcome: 'failed',
  startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  totalMs: 2003.4,
  stepsRun: 2,
  passed: 0,
  failed: 1,
  latency: null,
  firstFailure: { index: 1, failure: { kind: 'timeout', timeoutMs: 2000 } },
  steps: [
    { index: 0, status: 'passed', runs: 1, passed: 1, failed: 0 },
    { index: 1, status: 'failed', runs: 1, passed: 0, failed: 1, failure: { kind: 'timeout', timeoutMs: 2000 } },
  ],
};

describe('the JSON export of a run', () => {
  it('carries the summary as the engine sent it, the steps as run and the session, tagged and versioned', () => {
    const exportedAt = new Date(Date.UTC(2026, 0, 2, 3, 5, 0));
    const json = sequenceReportJson(summary, sequence, {
      protocol: 'tcp-client',
      local: { address: '127.0.0.1', port: 50000, family: 'IPv4' },
      remote: { address: '::1', port: 502, family: 'IPv6' },
      exportedAt,
    });
    expect(JSON.parse(json)).toEqual({
      format: 'socketdesk-sequence-report',
      version: 1,
      exportedAt: '2026-01-02T03:05:00.000Z',
      startedAt: '2026-01-02T03:04:05.678Z',
      session: { protocol: 'tcp-client', local: '127.0.0.1:50000', remote: '[::1]:502' },
      sequence,
      summary,
    });
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('names the file after the sequence, made safe for any file system', () => {
    const at = new Date(2026, 0, 2, 3, 4, 5);
    expect(sequenceReportFileName('Modbus poll', at)).toBe('socketdesk-sequence-Modbus_poll-20260102-030405.json');
    expect(sequenceReportFileName('轮询/站 1', at)).toBe('socketdesk-sequence-轮询_站_1-20260102-030405.json');
    expect(sequenceReportFileName('../..', at)).toBe('socketdesk-sequence-.._..-20260102-030405.json');
    expect(sequenceReportFileName('///', at)).toBe('socketdesk-sequence-run-20260102-030405.json');
  });
});

describe('sequence sentences', () => {
  it('say where a run failed and why, in both languages', () => {
    expect(failureSentence('zh-CN', 2, { kind: 'timeout', timeoutMs: 2000 })).toBe('第 3 步：等待 2,000 毫秒未收到匹配的消息');
    expect(failureSentence('en', 2, { kind: 'timeout', timeoutMs: 2000 })).toBe('Step 3: no matching message within 2,000 ms');
    expect(failureSentence('en', 0, { kind: 'send', error: { code: 'NOT_FOUND', message: 'x', params: { client: 'all' } } })).toMatch(/^Step 1: the send failed: /);
    expect(failureSentence('zh-CN', 4, { kind: 'closed', reason: 'peer-closed' })).toMatch(/^第 5 步：会话已关闭（/);
  });

  it('sum a run up: outcome, counts, latencies and time', () => {
    const { firstFailure: _failure, ...unfailed } = summary;
    const passed: SequenceSummary = { ...unfailed, outcome: 'passed', passed: 5, failed: 0, stepsRun: 10, totalMs: 812, latency: { count: 5, minMs: 0.0861, medianMs: 0.111, maxMs: 12.34 } };
    expect(summarySentences('en', passed)).toEqual({
      counts: 'Passed: passed 5 · failed 0 · 10 steps · 812 ms',
      latency: 'latency min 0.086 / median 0.111 / max 12.3 ms',
    });
    expect(summarySentences('zh-CN', passed)).toEqual({
      counts: '全部通过：通过 5 · 失败 0 · 共 10 步 · 用时 812 ms',
      latency: '延迟 最小 0.086 / 中位 0.111 / 最大 12.3 毫秒',
    });
    expect(summarySentences('en', summary).latency).toBe('no latency measured');
    expect([formatMs(1234.4), formatDuration(2003.4), formatDuration(125_000)]).toEqual(['1234', '2.0 s', '2 min 05 s']);
  });
});
