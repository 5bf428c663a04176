import { useState } from 'react';
import { AUTO_REPLY_PRESETS, presetUnavailable, type AutoReplyPresetId } from '@shared/automation/auto-reply-presets';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { rulesProtocolOf } from './auto-reply-slice';

/** 预设: one click adds a ready-made rule; one the session kind cannot run is disabled, its tooltip says why. */
export function AutoReplyPresetsMenu() {
  const t = useT();
  const protocol = useTab(rulesProtocolOf);
  const addPreset = useTab((s) => s.addPreset);
  const showError = useTab((s) => s.showError);
  const [isOpen, setOpen] = useState(false);

  const add = (preset: AutoReplyPresetId): void => {
    setOpen(false);
    const added = addPreset(preset, t(`autoReply.presetName.${preset}`));
    if (!added.ok) showError('autoReply', added.error);
  };

  return (
    <div
      className="quick-menu auto-reply-presets"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && isOpen) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button type="button" data-testid="auto-reply-presets" aria-haspopup="menu" aria-expanded={isOpen} title={t('autoReply.presetsHint')} onClick={() => setOpen(!isOpen)}>
        {t('autoReply.presets')}
      </button>
      {isOpen && (
        <div className="quick-menu-list auto-reply-presets-list" role="menu" onMouseLeave={() => setOpen(false)}>
          {AUTO_REPLY_PRESETS.map((preset) => {
            const unavailable = presetUnavailable(preset, protocol);
            return (
              <button
                key={preset}
                type="button"
                role="menuitem"
                data-testid={`auto-reply-preset-${preset}`}
                disabled={unavailable !== undefined}
                title={unavailable ? t('autoReply.presetNeedsServer') : t(`autoReply.presetHint.${preset}`)}
                onClick={() => add(preset)}
              >
                {t(`autoReply.preset.${preset}`)}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
