import { expect, type Locator, type Page } from '@playwright/test';
import { centerOf, dragMouse } from './mouse';

/** The layer editor: palette, canvas, inspector, toolbar. */
export class EditorPage {
  readonly canvas: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('canvas');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByTestId('palette')).toBeVisible();
  }

  /** Loads a template; `discard` answers the question asked when the network on the canvas has unsaved changes. */
  async loadTemplate(id: string, options: { discard?: boolean } = {}): Promise<void> {
    await this.page.getByTestId('tab-editor').click();
    await this.page.getByTestId('templates-button').click();
    await this.page.getByTestId(`template-${id}`).click();
    if (options.discard) await this.answerDiscard(true);
    await expect(this.page.getByTestId('notice')).toContainText('loaded template');
    await expect(this.canvas).toHaveAttribute('data-fitting', 'false');
  }

  /** Answers the "unsaved changes" question: discard them, or keep them (Cancel). */
  async answerDiscard(discard: boolean): Promise<void> {
    const dialog = this.page.getByTestId('confirm-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId(discard ? 'confirm-ok' : 'confirm-cancel').click();
    await expect(dialog).toBeHidden();
  }

  node(id: string): Locator {
    return this.page.getByTestId(`node-${id}`);
  }

  shape(id: string): Locator {
    return this.page.getByTestId(`node-shape-${id}`);
  }

  params(id: string): Locator {
    return this.page.getByTestId(`node-params-${id}`);
  }

  error(id: string): Locator {
    return this.page.getByTestId(`node-error-${id}`);
  }

  nodeIds(): Promise<string[]> {
    return this.canvas.locator('[data-testid^="node-"][data-kind]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid')!.slice('node-'.length)));
  }

  /** Drags a layer kind from the palette to a point on the canvas given as fractions of its size. */
  async dragFromPalette(kind: string, at: { fx: number; fy: number }): Promise<void> {
    const box = (await this.canvas.boundingBox())!;
    await dragMouse(this.page, await centerOf(this.page.getByTestId(`palette-${kind}`)), { x: box.x + box.width * at.fx, y: box.y + box.height * at.fy }, 20);
  }

  /** Draws an edge from one node's output handle to another's input handle. */
  async connect(from: string, to: string): Promise<void> {
    await dragMouse(this.page, await centerOf(this.page.getByTestId(`handle-out-${from}`)), await centerOf(this.page.getByTestId(`handle-in-${to}`)), 15);
  }

  async dragNodeBy(id: string, dx: number, dy: number): Promise<void> {
    const head = this.node(id).locator('.head');
    const from = await centerOf(head);
    await dragMouse(this.page, from, { x: from.x + dx, y: from.y + dy });
  }

  async select(id: string): Promise<void> {
    await this.node(id).locator('.head').click();
    await expect(this.page.getByTestId('inspector')).toContainText(id);
  }

  /** Clicks the middle of the edge between two vertically stacked nodes, then deletes it with the Delete key. */
  async deleteEdgeBetween(from: string, to: string): Promise<void> {
    const a = await centerOf(this.page.getByTestId(`handle-out-${from}`));
    const b = await centerOf(this.page.getByTestId(`handle-in-${to}`));
    await this.page.mouse.click((a.x + b.x) / 2, (a.y + b.y) / 2);
    await this.page.keyboard.press('Delete');
  }

  async setParam(name: string, value: string): Promise<void> {
    const field = this.page.getByTestId(`param-${name}`);
    await field.fill(value);
    await field.press('Enter');
  }

  async position(id: string): Promise<{ x: number; y: number }> {
    return centerOf(this.node(id));
  }
}
