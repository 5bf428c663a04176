import type { NoticeSlice, SliceCreator } from './tab-state';

export const createNoticeSlice: SliceCreator<NoticeSlice> = () => (set, get) => ({
  fieldErrors: {},
  notice: null,
  showError: (slot, error) => set({ fieldErrors: { [slot]: error }, notice: { kind: 'error', error, slot } }),
  clearErrors() {
    if (get().notice !== null || Object.keys(get().fieldErrors).length > 0) set({ fieldErrors: {}, notice: null });
  },
});
