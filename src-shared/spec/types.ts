import { z } from 'zod';

/** A tensor shape without the batch dimension, e.g. [28, 28, 1] (height, width, channels). */
export type Shape = number[];

export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'a node id is a letter or _ followed by letters, digits, _ or -');

export const specNodeSchema = z.object({
  id: nodeIdSchema,
  kind: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
});

export const specEdgeSchema = z.object({ from: nodeIdSchema, to: nodeIdSchema });

/**
 * A network as data. The single `input` node carries the input shape in its params;
 * edges are ordered: for a node with several inputs (concatenate) the order of its
 * incoming edges in `edges` is the order of its inputs.
 */
export const modelSpecSchema = z.object({
  format: z.literal(1),
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  nodes: z.array(specNodeSchema).min(1),
  edges: z.array(specEdgeSchema),
});

export type SpecNode = z.infer<typeof specNodeSchema>;
export type SpecEdge = z.infer<typeof specEdgeSchema>;
export type ModelSpec = z.infer<typeof modelSpecSchema>;
