import { encodeWireMessage, type FramingConfig } from '@shared';
import { WsPage } from '../../electron/serve/test-support/ws-page';
import type { RawData } from 'ws';
import type { BrowserHostProcess } from './browser-session';

/**
 * A page of a running browser host, driven as the renderer drives it (the same WebSocket and wire protocol, every
 * traffic batch decoded and acked: electron/serve/test-support/ws-page.ts), attached to the workspace with one TCP
 * server session open on loopback. For cases that measure the host process while clients come and go.
 */
export class HostServerPage {
  private wireBytes = 0;

  private constructor(
    readonly page: WsPage,
    readonly sessionId: string,
    /** The TCP server's port. */
    readonly port: number,
  ) {
    page.client.socket.on('message', (data: RawData) => (this.wireBytes += rawDataLength(data)));
  }

  static async open(host: BrowserHostProcess, framing?: FramingConfig): Promise<HostServerPage> {
    const page = await WsPage.connect(host.url, Number(new URL(host.url).port));
    try {
      await page.must('workspace.attach', {});
      const opened = await page.must('session.open', {
        config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0, ...(framing ? { framing } : {}) },
      });
      return new HostServerPage(page, opened.sessionId, opened.local.port);
    } catch (error) {
      await page.close();
      throw error;
    }
  }

  /** Clients in the last client list the page got. */
  listed(): number {
    return this.page.lastClients(this.sessionId).length;
  }

  /** Bytes received from all clients, as the last traffic batch's exact counters say. */
  rxBytes(): number {
    return this.page.countersOf(this.sessionId)?.rxBytes ?? 0;
  }

  /** The client lists (`server.clients`) the page received so far: how many, and their size on the wire. */
  clientListEvents(): { count: number; wireBytes: number; largest: number } {
    const lists = this.page.eventsOf('server.clients', this.sessionId);
    let wireBytes = 0;
    let largest = 0;
    for (const payload of lists) {
      const size = encodeWireMessage({ t: 'event', name: 'server.clients', payload }).byteLength;
      wireBytes += size;
      largest = Math.max(largest, size);
    }
    return { count: lists.length, wireBytes, largest };
  }

  /** Bytes of every WebSocket message the page received so far (events and results). */
  receivedBytes(): number {
    return this.wireBytes;
  }

  close(): Promise<void> {
    return this.page.close();
  }
}

function rawDataLength(data: RawData): number {
  return Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength;
}
