import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';

test('a network saved with Ctrl+S opens again with Ctrl+O, and a broken file says what is wrong', async ({ app, editor, page }, testInfo) => {
  await editor.open(app.url);
  await editor.loadTemplate('spirals-mlp');
  await editor.dragFromPalette('dropout', { fx: 0.8, fy: 0.5 });
  await expect(editor.node('dropout1')).toBeVisible();

  await page.getByTestId('canvas').click({ position: { x: 10, y: 10 } });
  const downloading = page.waitForEvent('download');
  await page.keyboard.press('Control+s');
  const download = await downloading;
  const savedPath = testInfo.outputPath('saved.json');
  await download.saveAs(savedPath);
  const saved = JSON.parse(readFileSync(savedPath, 'utf8'));
  expect(saved.nodes.map((node: { id: string }) => node.id)).toContain('dropout1');

  await page.getByTestId('editor-toolbar').getByText('New').click();
  await expect(editor.node('dropout1')).toHaveCount(0);

  await page.getByTestId('canvas').click({ position: { x: 10, y: 10 } });
  const choosing = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (await choosing).setFiles(savedPath);
  await expect(editor.node('dropout1')).toBeVisible();
  await expect(editor.shape('fc1')).toHaveText('64');

  await page.getByTestId('open-spec-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": 1, "nodes": []}') });
  await expect(page.getByTestId('notice')).toContainText('broken.json is not a LayerLab network');
  await expect(page.getByTestId('notice')).toContainText('spec.name');
});
