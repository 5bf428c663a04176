import type { Server } from 'node:net';
import type { ClientRefusalReason, SessionLogEvent } from '@shared';
import { countOpenDescriptors, readDescriptorLimit, RESERVED_DESCRIPTORS } from './descriptor-budget';
import { Throttle } from './throttle';

/** The descriptor count is read at most this often (ms): a directory read per accept would slow a burst of 5 000. */
const DESCRIPTOR_CHECK_MS = 1_000;
/** Refused connections are summed into one log row (per reason) at most this often (ms): a storm costs a row a second. */
const REFUSED_ROW_MS = 1_000;

export interface ClientAdmissionOptions {
  /** The user's cap (TcpServerConfig.maxClients); undefined = only the descriptors limit. */
  readonly maxClients: number | undefined;
  /** Clients the server holds now. */
  readonly clientCount: () => number;
  /** Puts a row into the session's log (the refused-clients summary). */
  readonly logRow: (event: SessionLogEvent) => void;
  /** Descriptors each client takes: 1 for a server's client, 2 for a relay's pair (its upstream too). Default 1. */
  readonly descriptorsPerClient?: number;
}

/**
 * How many clients a TCP server keeps, and the log rows for those it refuses. Two caps, the smaller one in force:
 * - the user's `maxClients`;
 * - the descriptors left: past its descriptor limit the process cannot accept a client, and libuv then accepts and
 *   closes it unseen (its EMFILE trick), and every other session fails to open. So the listener stops short of it.
 * Either way it is the listener's `maxConnections`: Node closes connections beyond it itself and says so ('drop'),
 * and each such connection is counted against the cap that was in force.
 */
export class ClientAdmission {
  /** The process's descriptor limit, read once at start; undefined where the OS does not tell it. */
  private descriptorLimit: number | undefined;
  /** Clients the free descriptors allow, as last measured; undefined = not known (no cap from descriptors). */
  private descriptorCap: number | undefined;
  /** Which cap `maxConnections` holds now, so a refusal names the right one. */
  private capInForce: ClientRefusalReason = 'EMFILE';
  /** Connections closed at once since the last refused-clients row, per reason. */
  private readonly refusedSinceRow: Record<ClientRefusalReason, number> = { EMFILE: 0, 'max-clients': 0 };
  private readonly descriptorCheck = new Throttle(DESCRIPTOR_CHECK_MS, () => this.fit());
  private readonly refusedRow = new Throttle(REFUSED_ROW_MS, () => this.emitRefusedRows());
  private isStopped = false;

  constructor(
    private readonly server: Server,
    private readonly options: ClientAdmissionOptions,
  ) {}

  /** The listener is up: set its cap. */
  start(): void {
    this.descriptorLimit = readDescriptorLimit();
    this.fit();
  }

  /** A client was kept: it took a descriptor, so look again (at most once a second). */
  onAccepted(): void {
    this.descriptorCheck.request();
  }

  /** Node closed a connection beyond maxConnections ('drop'). */
  onRefused(): void {
    if (this.isStopped) return;
    this.refusedSinceRow[this.capInForce]++;
    this.refusedRow.request();
    // Descriptors may have come free since the last look (other sessions closed): look again, at most once a second.
    this.descriptorCheck.request();
  }

  /** The server is closing: no more rows, no more looks. */
  stop(): void {
    this.isStopped = true;
    this.descriptorCheck.cancel();
    this.refusedRow.cancel();
  }

  private fit(): void {
    if (this.isStopped) return;
    this.measureDescriptors();
    const { maxClients } = this.options;
    // A tie is the user's cap: that is the number the user set and will recognise in the row.
    if (maxClients !== undefined && (this.descriptorCap === undefined || maxClients <= this.descriptorCap)) {
      this.capInForce = 'max-clients';
      this.server.maxConnections = maxClients;
    } else if (this.descriptorCap !== undefined) {
      this.capInForce = 'EMFILE';
      this.server.maxConnections = this.descriptorCap;
    }
  }

  /** Updates descriptorCap; a count that cannot be read keeps the last one. */
  private measureDescriptors(): void {
    if (this.descriptorLimit === undefined) return;
    const inUse = countOpenDescriptors(this.descriptorLimit);
    if (inUse === undefined) return;
    const free = this.descriptorLimit - inUse - RESERVED_DESCRIPTORS;
    // At least 1: Node treats 0 as "no limit".
    this.descriptorCap = Math.max(1, this.options.clientCount() + Math.floor(free / (this.options.descriptorsPerClient ?? 1)));
  }

  private emitRefusedRows(): void {
    if (this.isStopped) return;
    for (const reason of ['max-clients', 'EMFILE'] as const) {
      const count = this.refusedSinceRow[reason];
      if (count === 0) continue;
      this.refusedSinceRow[reason] = 0;
      const limit = reason === 'max-clients' ? this.options.maxClients : this.descriptorLimit;
      this.options.logRow({ type: 'clients-refused', count, reason, ...(limit === undefined ? {} : { limit }) });
    }
  }
}
