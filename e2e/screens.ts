import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Desk } from './desk';
import type { AppHost } from './fixtures';
import { expectNoClippedOrOverflowing } from './layout-checks';

export interface ShotSize {
  readonly width: number;
  readonly height: number;
}

/** The reference window and a narrow one. */
const SIZES: readonly ShotSize[] = [
  { width: 1100, height: 720 },
  { width: 760, height: 720 },
];

export interface ShotOptions {
  /** Also refresh docs/screenshot.png (with UPDATE_DOCS_SCREENSHOT=1). */
  readonly docs?: boolean;
  /** Window sizes to shoot, instead of 1100×720 and 760×720. */
  readonly sizes?: readonly ShotSize[];
  /**
   * Runs before each picture: what the scene must show at this language and size (fails the test otherwise). Every
   * picture is also checked for text cut short and parts outside their box (layout-checks.ts).
   */
  readonly check?: (shot: { readonly language: 'zh' | 'en'; readonly size: ShotSize }) => Promise<void>;
}

const SCREENS_DIR = path.resolve('test-results', 'screens');

/**
 * Pictures of the window as it is now, in 中文 and English at both sizes (or `options.sizes`), for people to look at:
 * test-results/screens/<host>[-<scene>]-<lang>-<width>x<height>.png. With `docs` and UPDATE_DOCS_SCREENSHOT=1,
 * the browser-host English one at 1100 wide also replaces docs/screenshot.png (the README's picture); otherwise
 * docs/ is left alone, so a test run does not dirty the working tree.
 */
export async function shootBothLanguages(appHost: AppHost, desk: Desk, scene?: string, options: ShotOptions = {}): Promise<void> {
  await mkdir(SCREENS_DIR, { recursive: true });
  const prefix = scene ? `${appHost.kind}-${scene}` : appHost.kind;
  for (const language of ['zh', 'en'] as const) {
    await desk.switchLanguage(language);
    for (const size of options.sizes ?? SIZES) {
      await appHost.resize(size.width, size.height);
      await options.check?.({ language, size });
      // Every picture also proves it shows nothing cut short or drawn outside its box (soft: all pictures are taken,
      // and the test fails at its end listing every defect of every picture).
      await expectNoClippedOrOverflowing(appHost.page, { soft: true, context: `${prefix}, ${language}, ${size.width}×${size.height}` });
      await appHost.page.screenshot({ path: path.join(SCREENS_DIR, `${prefix}-${language}-${size.width}x${size.height}.png`) });
      const isDocsShot = options.docs && appHost.kind === 'browser' && language === 'en' && size.width === 1100;
      if (isDocsShot && process.env.UPDATE_DOCS_SCREENSHOT === '1') {
        await appHost.page.screenshot({ path: path.resolve('docs', 'screenshot.png') });
      }
    }
  }
}
