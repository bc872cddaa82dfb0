import { z } from 'zod';

/** A tensor shape without the batch dimension, e.g. [28, 28, 1] (height, width, channels). */
export type Shape = number[];

export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'a node id is a letter or _ followed by letters, digits, _ or -');

export const specNodeSchema = z.object({
  id: nodeIdSchema,
  kind: z.string({ error: 'must name a layer kind, e.g. "dense"' }).min(1, 'must name a layer kind, e.g. "dense"'),
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
  format: z.literal(1, { error: 'must be 1, the spec format this version of LayerLab reads' }),
  name: z.string({ error: 'a spec needs a name (text)' }).min(1, 'a spec needs a name').max(200),
  description: z.string().optional(),
  nodes: z.array(specNodeSchema, { error: 'must be a list of nodes' }).min(1, 'a spec needs at least one node, an input'),
  edges: z.array(specEdgeSchema, { error: 'must be a list of edges {from, to}' }).default([]),
});

export type SpecNode = z.infer<typeof specNodeSchema>;
export type SpecEdge = z.infer<typeof specEdgeSchema>;
export type ModelSpec = z.infer<typeof modelSpecSchema>;
