// axe-core's WCAG 2 A and AA rules on the page as it stands, at each of
// `viewports` (by default the phone and the desktop width), as
// accessibility.spec.mjs checks every view: the specs of single features
// call this on their own views. The page's size is put back afterwards.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { VIEWPORTS } from './stack.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export async function assertAccessible(page, view, viewports = VIEWPORTS) {
  const size = page.viewportSize();
  for (const [width, viewport] of Object.entries(viewports)) {
    await page.setViewportSize(viewport);
    if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
    // Mid-animation colours would be measured as they pass.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished'));
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
      return result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, [], `axe in ${view} at ${width} width`);
  }
  if (size) await page.setViewportSize(size);
}
