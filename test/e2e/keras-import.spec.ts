import { test, expect } from './fixtures';

const dense = (name: string, units: number, activation: string, extra: Record<string, unknown> = {}) => ({ class_name: 'Dense', config: { name, units, activation, use_bias: true, ...extra } });

/** A Keras Sequential model.json, as a researcher's model.to_json() writes it. */
const handWritten = {
  class_name: 'Sequential',
  keras_version: '2.15.0',
  config: {
    name: 'keras_cnn',
    layers: [
      { class_name: 'InputLayer', config: { name: 'digits', batch_input_shape: [null, 28, 28, 1] } },
      { class_name: 'Conv2D', config: { name: 'conv_a', filters: 8, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' } },
      { class_name: 'MaxPooling2D', config: { name: 'pool_a', pool_size: [2, 2], strides: [2, 2], padding: 'valid' } },
      { class_name: 'Flatten', config: { name: 'flat' } },
      dense('hidden', 32, 'relu'),
      { class_name: 'Dropout', config: { name: 'drop', rate: 0.25 } },
      dense('scores', 10, 'softmax'),
    ],
  },
};

test('a hand-written Keras model.json opens in the editor with its shapes; one with an unsupported layer is refused naming it', async ({ app, editor, page }) => {
  await editor.open(app.url);
  const input = page.getByTestId('open-spec-input');
  await input.setInputFiles({ name: 'keras_cnn.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(handWritten)) });
  await expect(editor.node('conv_a')).toBeVisible();
  await expect(editor.shape('conv_a')).toHaveText('26×26×8');
  await expect(editor.shape('pool_a')).toHaveText('13×13×8');
  await expect(editor.shape('flat')).toHaveText('1352');
  await expect(editor.shape('scores')).toHaveText('10');
  await expect(page.getByTestId('spec-status')).toHaveText('valid');

  const unsupported = structuredClone(handWritten);
  unsupported.config.layers.splice(2, 0, { class_name: 'BatchNormalization', config: { name: 'norm_a' } } as never);
  await input.setInputFiles({ name: 'with_norm.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(unsupported)) });
  await expect(page.getByTestId('notice')).toContainText('with_norm.json is a Keras model that LayerLab cannot open: layer "norm_a" (BatchNormalization) has no LayerLab layer kind');
  // The network already open stays.
  await expect(editor.node('conv_a')).toBeVisible();
});
