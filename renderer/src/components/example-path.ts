/**
 * Example host paths (short: they must fit the settings column) for the placeholders of 接收保存到文件 and 打开文件数据源. The page cannot know the host's
 * home directory, so the example is a writable place every user recognises, in the style of the host's OS (the
 * browser host serves loopback only, so the browser runs on the host machine).
 */
export function examplePath(kind: 'capture' | 'send', now: Date = new Date(), userAgent: string = navigator.userAgent): string {
  const isWindows = /Windows/i.test(userAgent);
  const dir = isWindows ? 'C:\\Users\\me\\Documents\\' : '/tmp/';
  if (kind === 'send') return `${dir}data.bin`;
  const two = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  return `${dir}capture-${stamp}.bin`;
}
