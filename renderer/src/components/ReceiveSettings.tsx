import type { DisplayMode } from '../log/format-row';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { CaptureControl } from './CaptureControl';
import { Checkbox, ModeRadios } from './Checkbox';
import { RecvEncodingSelect } from './EncodingSelect';
import { FramingSettings } from './FramingSettings';
import { GroupBox } from './GroupBox';
import { LogCapacitySelect } from './LogCapacitySelect';

export function ReceiveSettings() {
  const t = useT();
  const recvMode = useTab((s) => s.recvMode);
  const logMode = useTab((s) => s.logMode);
  const recvDelta = useTab((s) => s.recvDelta);
  const setRecvDelta = useTab((s) => s.setRecvDelta);
  const recvRtt = useTab((s) => s.recvRtt);
  const setRecvRtt = useTab((s) => s.setRecvRtt);
  const wrap = useTab((s) => s.wrap);
  const hideRx = useTab((s) => s.hideRx);
  const autoScroll = useTab((s) => s.autoScroll);
  const paused = useTab((s) => s.paused);
  const setRecvMode = useTab((s) => s.setRecvMode);
  const setLogMode = useTab((s) => s.setLogMode);
  const setWrap = useTab((s) => s.setWrap);
  const setHideRx = useTab((s) => s.setHideRx);
  const setAutoScroll = useTab((s) => s.setAutoScroll);
  const setPaused = useTab((s) => s.setPaused);
  const clearLog = useTab((s) => s.clearLog);

  return (
    <GroupBox title={t('group.receive')} className="receive-settings">
      <ModeRadios<DisplayMode>
        name="recv-mode"
        label={t('recv.modeLabel')}
        value={recvMode}
        onChange={setRecvMode}
        options={[
          { value: 'ascii', label: t('recv.ascii'), testId: 'recv-ascii' },
          { value: 'hex', label: t('recv.hex'), testId: 'recv-hex' },
          { value: 'dump', label: t('recv.dump'), testId: 'recv-dump' },
        ]}
      />
      <RecvEncodingSelect />
      <FramingSettings />
      <Checkbox testId="recv-log-mode" label={t('recv.logMode')} checked={logMode} onChange={setLogMode} />
      <Checkbox testId="recv-delta" label={t('recv.delta')} title={t('recv.deltaTitle')} checked={recvDelta} onChange={setRecvDelta} />
      <Checkbox testId="rtt-toggle" label={t('recv.rtt')} title={t('recv.rttTitle')} checked={recvRtt} onChange={setRecvRtt} />
      <Checkbox testId="recv-wrap" label={t('recv.wrap')} checked={wrap} onChange={setWrap} />
      <Checkbox testId="recv-hide" label={t('recv.hide')} checked={hideRx} onChange={setHideRx} />
      <Checkbox testId="recv-auto-scroll" label={t('recv.autoScroll')} checked={autoScroll} onChange={setAutoScroll} />
      <Checkbox testId="recv-pause" label={t('recv.pause')} checked={paused} onChange={setPaused} />
      <LogCapacitySelect />
      <CaptureControl />
      <button type="button" className="link-button" data-testid="recv-clear" onClick={clearLog}>
        {t('recv.clear')}
      </button>
    </GroupBox>
  );
}
