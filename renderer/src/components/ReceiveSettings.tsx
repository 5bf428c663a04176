import type { DisplayMode } from '../log/format-row';
import { useT } from '../i18n/lang-store';
import { useApp } from '../store/store-context';
import { CaptureControl } from './CaptureControl';
import { Checkbox, ModeRadios } from './Checkbox';
import { GroupBox } from './GroupBox';
import { LogCapacitySelect } from './LogCapacitySelect';

export function ReceiveSettings() {
  const t = useT();
  const recvMode = useApp((s) => s.recvMode);
  const logMode = useApp((s) => s.logMode);
  const wrap = useApp((s) => s.wrap);
  const hideRx = useApp((s) => s.hideRx);
  const autoScroll = useApp((s) => s.autoScroll);
  const paused = useApp((s) => s.paused);
  const setRecvMode = useApp((s) => s.setRecvMode);
  const setLogMode = useApp((s) => s.setLogMode);
  const setWrap = useApp((s) => s.setWrap);
  const setHideRx = useApp((s) => s.setHideRx);
  const setAutoScroll = useApp((s) => s.setAutoScroll);
  const setPaused = useApp((s) => s.setPaused);
  const clearLog = useApp((s) => s.clearLog);

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
        ]}
      />
      <Checkbox testId="recv-log-mode" label={t('recv.logMode')} checked={logMode} onChange={setLogMode} />
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
