import type { Locator, Page } from '@playwright/test';

/** A run's procedure facts, stage strip and artifacts in the run view. */
export class ArtifactsPage {
  readonly detail: Locator;
  readonly stages: Locator;
  readonly reference: Locator;

  constructor(readonly page: Page) {
    this.detail = page.getByTestId('run-detail');
    this.stages = this.detail.getByTestId('stage-strip').getByTestId('stage');
    this.reference = this.detail.getByTestId('procedure-reference-text');
  }

  /** The artifact drawn from the file of this name (without .json), e.g. "reconstructions" or "codes". */
  artifact(name: string): Locator {
    return this.detail.locator(`[data-testid="artifact-slot"][data-name="${name}"]`).getByTestId('artifact');
  }

  /** Clicks a download button of an artifact and returns the downloaded file's name and bytes. */
  async download(artifact: Locator, format: 'png' | 'svg' | 'csv'): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), artifact.getByTestId(`download-${format}`).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }
}
