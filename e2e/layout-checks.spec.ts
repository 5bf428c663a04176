import { expect, test } from './fixtures';
import { findLayoutDefects, formatDefects } from './layout-checks';

// The layout check every screenshot scene runs (layout-checks.ts) finds each kind of defect it promises, and leaves
// alone what is meant: on a fixture of known defects laid over the app's own page (its fonts and styles).
const FIXTURE = `
  <div class="cut" style="width: 60px; overflow: hidden; white-space: nowrap">Clipped label text</div>
  <div class="dots" style="width: 60px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis">Ellipsis with no title</div>
  <div title="Ellipsis with a title that holds it"><span class="dots-ok" style="display: block; width: 60px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis">Ellipsis with a title</span></div>
  <div class="spill" style="width: 60px; white-space: nowrap">Spills past its box</div>
  <div class="short" style="width: 200px; height: 14px; overflow: hidden">Line one<br>Line two</div>
  <select class="narrow" style="width: 50px"><option>A long option text</option></select>
  <select class="roomy" style="width: 200px"><option>Short</option></select>
  <div style="width: 100px; overflow: hidden; position: relative"><button class="pushed" style="margin-left: 70px; white-space: nowrap">Pushed</button></div>
  <div style="width: 100px; overflow-x: auto"><span class="scrolled" style="display: inline-block; width: 300px">Reachable by scrolling</span></div>
  <span class="sr-only" style="position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap">Screen reader text</span>
  <div class="off" style="position: fixed; left: -40px; top: 0; width: 80px">Off the left edge</div>
`;

test('the layout check finds text clipped, an ellipsis without a title, spills, cut lines, cut options, and parts outside their box or the window', async ({ app }) => {
  await app.evaluate((html) => {
    const root = document.createElement('div');
    root.id = 'layout-fixture';
    root.style.cssText = 'position: fixed; top: 60px; left: 300px; width: 320px; background: white; z-index: 100; display: flex; flex-direction: column; gap: 4px';
    root.innerHTML = html;
    document.body.appendChild(root);
  }, FIXTURE);

  const defects = await findLayoutDefects(app, '#layout-fixture');
  const found = defects.map((d) => `${d.kind} | ${d.where.split(' > ').pop()} | ${d.text}`);
  test.info().annotations.push({ type: 'defects', description: formatDefects(defects).join('\n') });
  expect(found.sort()).toEqual(
    [
      'text clipped | div.cut | Clipped label text',
      'ellipsis without full text in a title | div.dots | Ellipsis with no title',
      'text spills out of its box | div.spill | Spills past its box',
      'text cut at the bottom | div.short | Line one Line two',
      'option text cut | select.narrow | A long option text',
      'outside its clipping box | button.pushed | Pushed',
      'outside the window | div.off | Off the left edge',
    ].sort(),
  );
  // Each says how much: the sizes are in the message.
  expect(formatDefects(defects).find((line) => line.startsWith('text clipped'))).toMatch(/content \d+(\.\d)? px in a box of 60 px/);

  // Fixed, each is gone: the check reports what is there, not what once was.
  await app.evaluate(() => document.getElementById('layout-fixture')?.remove());
  expect(formatDefects(await findLayoutDefects(app))).toEqual([]);
});
