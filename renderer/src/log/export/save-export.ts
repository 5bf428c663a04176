import type { ExportProgress } from './export-rows';

/** Pieces gathered before they are folded into the growing Blob (Chromium keeps Blob data outside the JS heap). */
const PIECES_PER_FOLD = 16;

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Pulls an encoder's pieces, folding them into a Blob as it goes (so a 1 GB export is never one string or one
 * array), yields to the page between pieces so traffic keeps flowing, then offers the file as a download
 * (object URL + <a download>). `onProgress` is called between pieces.
 */
export async function saveExport(pieces: Iterator<Uint8Array<ArrayBuffer>>, fileName: string, type: string, progress?: ExportProgress, onProgress?: (done: number, total: number) => void): Promise<number> {
  let blob = new Blob([], { type });
  let pending: Array<Uint8Array<ArrayBuffer>> = [];
  for (let next = pieces.next(); !next.done; next = pieces.next()) {
    pending.push(next.value);
    if (pending.length >= PIECES_PER_FOLD) {
      blob = new Blob([blob, ...pending], { type });
      pending = [];
    }
    if (progress) onProgress?.(progress.done, progress.total);
    await nextTask();
  }
  blob = new Blob([blob, ...pending], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; the URL is only needed for the click. A minute covers slow starts.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return blob.size;
}

/** "socketdesk-tcp-server-9000-20260102-030405.pcap": what, which port, when (local time). */
export function exportFileName(protocol: string, port: number | undefined, extension: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `socketdesk-${protocol}${port ? `-${port}` : ''}-${stamp}.${extension}`;
}
