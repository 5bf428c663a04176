import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_LIST_MIN_INTERVAL_MS, ClientListPacer } from './client-list-pacer';

describe('ClientListPacer: when a server client list goes to the page', () => {
  let sent: number;
  let size: number;
  let credit: boolean;
  let live: boolean;
  let pacer: ClientListPacer;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = 0;
    size = 10;
    credit = true;
    live = true;
    pacer = new ClientListPacer({ emit: () => sent++, size: () => size, pageHasCredit: () => credit, isLive: () => live });
  });
  afterEach(() => {
    pacer.stop();
    vi.useRealTimers();
  });

  it('a client that comes goes out at once; more changes within the interval go out once, at its end', () => {
    pacer.membershipChanged();
    expect(sent).toBe(1);
    pacer.membershipChanged();
    pacer.countsChanged();
    pacer.membershipChanged();
    expect(sent).toBe(1);
    vi.advanceTimersByTime(CLIENT_LIST_MIN_INTERVAL_MS);
    expect(sent).toBe(2);
    vi.advanceTimersByTime(10 * CLIENT_LIST_MIN_INTERVAL_MS);
    expect(sent).toBe(2);
  });

  it('a list of 5 000 clients goes out at most once a second', () => {
    size = 5_000;
    pacer.membershipChanged();
    pacer.countsChanged();
    vi.advanceTimersByTime(999);
    expect(sent).toBe(1);
    vi.advanceTimersByTime(1);
    expect(sent).toBe(2);
  });

  it('holds the list while the page has not acked the batches, and sends the latest once it does', () => {
    credit = false;
    pacer.membershipChanged();
    for (let i = 0; i < 20; i++) {
      pacer.countsChanged();
      vi.advanceTimersByTime(CLIENT_LIST_MIN_INTERVAL_MS);
    }
    expect(sent).toBe(0);
    credit = true;
    pacer.creditReturned();
    expect(sent).toBe(1);
    // Nothing was waiting any more: a later ack sends nothing.
    pacer.creditReturned();
    vi.advanceTimersByTime(10 * CLIENT_LIST_MIN_INTERVAL_MS);
    expect(sent).toBe(1);
  });

  it('sends nothing while the session is not live or once stopped, but sendNow always sends', () => {
    live = false;
    pacer.membershipChanged();
    pacer.countsChanged();
    vi.advanceTimersByTime(10 * CLIENT_LIST_MIN_INTERVAL_MS);
    expect(sent).toBe(0);
    live = true;
    pacer.countsChanged();
    pacer.stop();
    vi.advanceTimersByTime(10 * CLIENT_LIST_MIN_INTERVAL_MS);
    pacer.membershipChanged();
    expect(sent).toBe(0);
    credit = false;
    pacer.sendNow();
    expect(sent).toBe(1);
  });
});
