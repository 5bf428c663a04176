import { describe, expect, it } from 'vitest';
import { localizeError } from '../i18n/localize-error';
import { formatEvent } from './format-row';

/*
 * Issue 11, faults survived: what the user reads when a capture stops on its own. The events and errors here are
 * the ones the engine's fault tests see it make (electron/engine/faults/file-capture-disk.test.ts, file-fifo.test.ts).
 */
describe('a capture that stopped on its own, as its log row says it', () => {
  const path = '/mnt/full/capture.bin';

  it('a full disk: where it stopped, and why, in both languages', () => {
    const row = { event: { type: 'capture-failed' as const, bytes: 65_536, error: { code: 'INTERNAL' as const, params: { path, reason: 'ENOSPC' } } } };
    expect(formatEvent(row, 'en')).toBe(`Save to file stopped at 65,536 bytes — The disk is full; cannot write ${path}`);
    expect(formatEvent(row, 'zh-CN')).toBe(`接收保存已停止，已写入 65,536 字节 — 磁盘空间不足，无法写入 ${path}`);
  });

  it('the program reading a FIFO went away; one byte is singular', () => {
    const fifo = '/tmp/live.pipe';
    const row = { event: { type: 'capture-failed' as const, bytes: 1, error: { code: 'INTERNAL' as const, params: { path: fifo, reason: 'EPIPE' } } } };
    expect(formatEvent(row, 'en')).toBe(`Save to file stopped at 1 byte — The program reading ${fifo} closed it`);
    expect(formatEvent(row, 'zh-CN')).toBe(`接收保存已停止，已写入 1 字节 — 读取 ${fifo} 的程序已将其关闭`);
  });

  it('a capture into a FIFO nobody reads, and into a read-only file system, as the start is refused', () => {
    const fifo = { code: 'INVALID_ARGUMENT' as const, message: 'x', params: { path: '/tmp/live.pipe', field: 'path', reason: 'fifoNoReader' } };
    expect(localizeError(fifo, 'en')).toBe('Nothing is reading the named pipe /tmp/live.pipe: start the program that reads it first');
    expect(localizeError(fifo, 'zh-CN')).toBe('没有程序在读取命名管道 /tmp/live.pipe：请先启动读取它的程序');
    const readOnly = { code: 'EACCES' as const, message: 'x', params: { path: '/mnt/ro/capture.bin', reason: 'EROFS' } };
    expect(localizeError(readOnly, 'en')).toBe('The file system is read-only; cannot write /mnt/ro/capture.bin');
    expect(localizeError(readOnly, 'zh-CN')).toBe('文件系统是只读的，无法写入 /mnt/ro/capture.bin');
  });
});
