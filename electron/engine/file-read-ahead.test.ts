import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileReadAhead, type FileChunk } from './file-read-ahead';

describe('FileReadAhead', () => {
  let dir: string;
  let handle: FileHandle | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'socketdesk-read-ahead-'));
  });

  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function fileHandleOf(content: Buffer): Promise<FileHandle> {
    const path = join(dir, 'file.bin');
    await writeFile(path, content);
    handle = await open(path, 'r');
    return handle;
  }

  it('reads the file in full buffers (the last one shorter), reusing the same few buffers once released', async () => {
    const content = randomBytes(10 * 1000 + 7);
    const reader = new FileReadAhead(await fileHandleOf(content), 1000, 2);
    const seen: Buffer[] = [];
    const backings = new Set<ArrayBufferLike>();
    for (let chunk = await reader.next(); chunk; chunk = await reader.next()) {
      seen.push(Buffer.from(chunk.bytes));
      backings.add(chunk.bytes.buffer);
      chunk.release();
    }
    expect(seen.map((bytes) => bytes.length)).toEqual([...Array.from({ length: 10 }, () => 1000), 7]);
    expect(Buffer.concat(seen).equals(content)).toBe(true);
    expect(backings.size).toBeLessThanOrEqual(2);
    expect(await reader.next()).toBeUndefined();
  });

  it('waits for a buffer while the consumer holds them all; stop() ends that wait with undefined', async () => {
    const reader = new FileReadAhead(await fileHandleOf(randomBytes(8000)), 1000, 2);
    const held: FileChunk[] = [];
    held.push((await reader.next())!, (await reader.next())!);
    let answered: FileChunk | undefined | 'pending' = 'pending';
    const waiting = reader.next().then((chunk) => (answered = chunk));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe('pending');
    held[0]!.release();
    expect((await waiting)?.bytes.length).toBe(1000);
    const blocked = reader.next();
    await reader.stop();
    expect(await blocked).toBeUndefined();
  });

  it('passes a read error on to the consumer', async () => {
    const reader = new FileReadAhead(await fileHandleOf(randomBytes(100)), 1000, 2);
    await handle!.close();
    handle = undefined;
    await expect(reader.next()).rejects.toThrow();
  });
});
