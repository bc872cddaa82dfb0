import type { Locator, Page } from '@playwright/test';

/** The comparison of two or more runs. */
export class ComparePage {
  readonly view: Locator;
  readonly diffRows: Locator;
  readonly tiles: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('compare-view');
    this.diffRows = this.view.getByTestId('diff-row');
    this.tiles = this.view.getByTestId('weight-tiles');
  }

  diffRow(path: string): Locator {
    return this.view.locator(`[data-testid="diff-row"][data-path="${path}"]`);
  }
}
