import type { ReactNode } from 'react';

/** A titled group box, the Windows-tool way of grouping settings (网络设置, 接收设置, 发送设置). */
export function GroupBox({ title, className, children }: { readonly title: string; readonly className?: string; readonly children: ReactNode }) {
  return (
    <fieldset className={`group-box ${className ?? ''}`}>
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}
