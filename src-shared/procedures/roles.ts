/**
 * What a procedure does with each dense layer of the network, for the editor's canvas: which are pretrained
 * as RBMs (and with which hidden units), and which form the deep autoencoder's mirrored decoder, a derived
 * part of the graph (its sizes mirror the encoder's, its weights start as the encoder RBMs' transposes).
 */
export type LayerRole =
  | { role: 'rbm'; index: number; count: number; hidden: 'binary' | 'gaussian'; label: string }
  | { role: 'decoder'; mirrorOf: string; label: string };

export interface RoleNode {
  id: string;
  kind: string;
  params: Record<string, unknown>;
}

/** The roles of the dense layers of `nodes` (in topological order) under procedure `kind` with `params`; layers the procedure trains only by backprop have none. */
export function layerRoles(kind: string, params: Record<string, unknown>, nodes: readonly RoleNode[]): Map<string, LayerRole> {
  const dense = nodes.filter((node) => node.kind === 'dense');
  const roles = new Map<string, LayerRole>();
  const rbm = (node: RoleNode, index: number, count: number, label?: string) => {
    const hidden = node.params.activation === 'linear' ? 'gaussian' : 'binary';
    roles.set(node.id, { role: 'rbm', index, count, hidden, label: label ?? `RBM ${index + 1} of ${count}${hidden === 'gaussian' ? ' (linear code units)' : ''}` });
  };
  if (kind === 'rbm' && dense.length === 1) rbm(dense[0], 0, 1);
  if (kind === 'dbn' && params.pretrain !== false) {
    const count = Math.min(wholeOr(params.pretrainLayers, 3), dense.length - 1);
    dense.slice(0, count).forEach((node, i) => rbm(node, i, count));
  }
  if (kind === 'dbm' && dense.length === 3) {
    // Pretrained as the doubled RBMs, then trained jointly as one DBM (src-shared/procedures/dbm.ts).
    rbm(dense[0], 0, 2, 'DBM layer 1 (RBM 1 of 2, 2W up)');
    rbm(dense[1], 1, 2, 'DBM layer 2 (RBM 2 of 2, 2W down)');
  }
  if (kind === 'autoencoder') {
    const count = Math.min(wholeOr(params.encoderLayers, 4), Math.floor(dense.length / 2));
    dense.slice(0, count).forEach((node, i) => rbm(node, i, count));
    // Decoder layer i (from the code up) starts as the transpose of encoder RBM count−i.
    for (let i = 0; i < count && count + i < dense.length; i++) {
      const source = dense[count - 1 - i];
      roles.set(dense[count + i].id, { role: 'decoder', mirrorOf: source.id, label: `decoder: ${source.id}ᵀ` });
    }
  }
  return roles;
}

function wholeOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}
