import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './content-security-policy';

// Both hosts import the policy; the page's meta tag is static HTML, so this test keeps it equal.
const rendererHtml = fileURLToPath(new URL('../../renderer/index.html', import.meta.url));

/**
 * The policy as a browser enforces it: directives in order, without sources it discards as invalid (an IPv6
 * literal such as ws://[::1]:* is not a CSP host-source, CSP3 §2.3.1; Chromium ignores it with a console error).
 */
function directives(policy: string): string[] {
  return policy
    .split(';')
    .map((d) =>
      d
        .trim()
        .split(/\s+/)
        .filter((source) => !/^\w+:\/\/\[/.test(source))
        .join(' '),
    )
    .filter(Boolean);
}

describe('Content-Security-Policy', () => {
  it('is strict: no inline or eval script, no objects, no framing, no base', () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('has only sources a browser accepts', () => {
    expect(directives(CONTENT_SECURITY_POLICY).join('; ')).toBe(CONTENT_SECURITY_POLICY);
  });


  it.skipIf(!existsSync(rendererHtml))('is the same as the meta tag in renderer/index.html', () => {
    const html = readFileSync(rendererHtml, 'utf8');
    const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(["'])(.*?)\1/is.exec(html);
    expect(meta, 'renderer/index.html has a CSP meta tag').not.toBeNull();
    // A meta tag cannot carry frame-ancestors (CSP3 §6.4.2 ignores it there); everything else must match.
    const fromMeta = directives(meta![2]!).filter((d) => !d.startsWith('frame-ancestors'));
    expect(fromMeta).toEqual(directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors')));
  });
});
