import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export { onnx };

/** A graph under construction: nodes in order, constant initializers, unique value names. */
export class OnnxGraphBuilder {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly taken = new Set<string>();

  /** A value or node name not used yet, from `base`. */
  unique(base: string): string {
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }

  reserve(name: string): string {
    this.taken.add(name);
    return name;
  }

  /** Adds a node; returns its (single) output's name. */
  node(opType: string, inputs: string[], name: string, attributes: onnxProto.onnx.IAttributeProto[] = []): string {
    const output = this.unique(name);
    this.nodes.push({ opType, input: inputs, output: [output], name: output, attribute: attributes });
    return output;
  }

  floats(name: string, dims: number[], values: ArrayLike<number>): string {
    const data = Float32Array.from(values);
    return this.constant(name, onnx.TensorProto.DataType.FLOAT, dims, new Uint8Array(data.buffer));
  }

  int64s(name: string, values: number[]): string {
    const data = BigInt64Array.from(values.map((value) => BigInt(value)));
    return this.constant(name, onnx.TensorProto.DataType.INT64, [values.length], new Uint8Array(data.buffer));
  }

  private constant(name: string, dataType: number, dims: number[], rawData: Uint8Array): string {
    const unique = this.unique(name);
    this.initializers.push({ name: unique, dataType, dims, rawData });
    return unique;
  }
}

export const ints = (name: string, values: number[]): onnxProto.onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
export const int = (name: string, value: number): onnxProto.onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });

/** A float tensor's type with a symbolic batch dimension first. */
export function batchedFloatType(shape: readonly number[]): onnxProto.onnx.ITypeProto {
  return {
    tensorType: {
      elemType: onnx.TensorProto.DataType.FLOAT,
      shape: { dim: [{ dimParam: 'batch' }, ...shape.map((dimValue) => ({ dimValue }))] },
    },
  };
}
