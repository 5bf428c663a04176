import type { TrafficCounters } from '@shared/contract/session';
import { useT, useToggleLang } from '../i18n/lang-store';
import type { Translate } from '../i18n/i18n';
import { useTab } from '../store/tab-context';
import { isLinkDown } from '../workspace/host-status';
import { useWorkspace } from '../workspace/workspace-context';
import { FieldError } from './FieldError';
import { formatByteRate, formatBytes } from '../i18n/format-units';
import type { Rates } from '../store/rate-meter';
import { statusText } from './status-text';
import { useRates } from './use-rates';
import { useTheme } from '../theme/theme-store';
import { useLang } from '../i18n/lang-store';
import { localizeError } from '../i18n/localize-error';
import { RoundTripStats } from './RoundTripStats';
import { DropCounter } from './DropCounter';
import { useTicking } from './use-ticking';

export function StatusBar() {
  const t = useT();
  const toggleLang = useToggleLang();
  const protocol = useTab((s) => s.protocol);
  const sessionState = useTab((s) => s.sessionState);
  const sessionProtocol = useTab((s) => s.sessionProtocol);
  const local = useTab((s) => s.local);
  const remote = useTab((s) => s.remote);
  const closeReason = useTab((s) => s.closeReason);
  const hostLink = useWorkspace((s) => s.hostLink);
  const localAddress = useTab((s) => s.localAddress);
  const localPort = useTab((s) => s.localPort);
  const remoteHost = useTab((s) => s.remoteHost);
  const remotePort = useTab((s) => s.remotePort);
  const clientCount = useTab((s) => s.clients.length);
  const relayTransport = useTab((s) => s.relayTransport);
  const relayPaused = useTab((s) => s.relayPaused);
  // A relay's counters are its two legs: rx = client → server, tx = server → client (shared/contract/relay.ts).
  const isRelay = (sessionProtocol ?? protocol) === 'relay';
  const counters = useTab((s) => s.counters);
  const resetCounters = useTab((s) => s.resetCounters);
  const rates = useRates();
  const lang = useLang();
  const reconnect = useTab((s) => s.reconnect);
  const peerFinished = useTab((s) => s.peerFinished);
  const hasRtt = useTab((s) => s.recvRtt);
  // A retry's wait counts down on the status line.
  const now = useTicking(reconnect?.phase === 'waiting');

  const text = statusText(
    { protocol, sessionState, sessionProtocol, local, remote, closeReason, hostLink, localAddress, localPort, remoteHost, remotePort, clientCount, relayTransport, relayPaused, reconnect, now, peerFinished },
    t,
  );
  // A peer that closes is a normal end, said in plain text; a reset, a timeout or an error is what turns it red.
  const tone = isLinkDown(hostLink) || (closeReason && closeReason !== 'peer-closed') ? 'bad' : sessionState;
  const lastError = reconnect?.lastError ? t('status.reconnecting.lastError', { error: localizeError(reconnect.lastError, lang) }) : undefined;

  return (
    <footer className={`status-bar${hasRtt ? ' has-rtt' : ''}`}>
      <span
        className={`status-text tone-${tone}`}
        data-testid="status"
        data-state={sessionState}
        data-reconnect-attempt={reconnect?.attempt}
        title={lastError}
      >
        {text}
      </span>
      <span className="spacer" />
      <RoundTripStats />
      <Rate which="tx" rates={rates} t={t} />
      <Counter testId="counter-tx" which="tx" counters={counters} isRelay={isRelay} t={t} />
      <Rate which="rx" rates={rates} t={t} />
      <Counter testId="counter-rx" which="rx" counters={counters} isRelay={isRelay} t={t} />
      <DropCounter />
      <button type="button" data-testid="counter-reset" onClick={() => void resetCounters()}>
        {t('counter.reset')}
      </button>
      <FieldError slot="counters" />
      <ThemeToggle />
      <button type="button" className="lang-toggle" data-testid="lang-toggle" title={t('lang.switchTitle')} onClick={toggleLang}>
        {t('lang.switch')}
      </button>
    </footer>
  );
}

/** Bytes in binary units (KiB, MiB) with the exact count on hover; `data-bytes` keeps the exact number. */
function Counter({
  testId,
  which,
  counters,
  isRelay,
  t,
}: {
  readonly testId: string;
  readonly which: 'tx' | 'rx';
  readonly counters: TrafficCounters;
  readonly isRelay: boolean;
  readonly t: Translate;
}) {
  const bytes = which === 'tx' ? counters.txBytes : counters.rxBytes;
  const frames = which === 'tx' ? counters.txFrames : counters.rxFrames;
  const label = isRelay ? (which === 'tx' ? 'counter.relay.s2c' : 'counter.relay.c2s') : which === 'tx' ? 'counter.tx' : 'counter.rx';
  return (
    <span
      className={`counter counter-${which}`}
      data-testid={testId}
      data-bytes={bytes}
      data-frames={frames}
      title={t(isRelay ? 'counter.relay.exact' : 'counter.exact', { bytes, frames })}
    >
      {t(label, { bytes: formatBytes(bytes), frames })}
    </span>
  );
}

function Rate({ which, rates, t }: { readonly which: 'tx' | 'rx'; readonly rates: Rates; readonly t: Translate }) {
  const bytesPerSecond = which === 'tx' ? rates.txBytesPerSecond : rates.rxBytesPerSecond;
  const framesPerSecond = which === 'tx' ? rates.txFramesPerSecond : rates.rxFramesPerSecond;
  return (
    <span
      className={`rate rate-${which}`}
      data-testid={`rate-${which}`}
      data-bytes-per-second={Math.round(bytesPerSecond)}
      data-frames-per-second={Math.round(framesPerSecond)}
      title={t('rate.title', { frames: Math.round(framesPerSecond) })}
    >
      {formatByteRate(bytesPerSecond)}
    </span>
  );
}

/** One button walks light → dark → follow the system; it says which is in force. */
function ThemeToggle() {
  const t = useT();
  const { choice, cycle } = useTheme();
  return (
    <button type="button" className="theme-toggle" data-testid="theme-toggle" data-choice={choice} title={t('theme.title')} onClick={cycle}>
      {t(`theme.${choice}`)}
    </button>
  );
}
