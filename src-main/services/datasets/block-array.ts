const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;

type Block = Float32Array | Uint16Array;

/**
 * A typed array that grows by whole blocks as rows are set, so it never copies and never holds more
 * than one block beyond its last row. Rows never set read as `empty`; no block is allocated until a row is set.
 */
export class BlockArray<T extends Block> {
  private readonly blocks: T[] = [];

  constructor(
    private readonly createBlock: (length: number) => T,
    readonly empty: number,
  ) {}

  set(row: number, value: number): void {
    const index = row >>> BLOCK_BITS;
    while (this.blocks.length <= index) this.blocks.push(this.createBlock(BLOCK).fill(this.empty) as T);
    this.blocks[index][row & (BLOCK - 1)] = value;
  }

  get(row: number): number {
    const block = this.blocks[row >>> BLOCK_BITS];
    return block === undefined ? this.empty : block[row & (BLOCK - 1)];
  }
}

export const float32Blocks = (): BlockArray<Float32Array> => new BlockArray((n) => new Float32Array(n), Number.NaN);
export const uint16Blocks = (): BlockArray<Uint16Array> => new BlockArray((n) => new Uint16Array(n), 0xffff);
