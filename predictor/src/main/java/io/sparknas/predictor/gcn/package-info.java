/**
 * The graph convolutional network backend (ND4J): a GCN over the node-op graph of an NB201 cell
 * ({@link io.sparknas.predictor.features.Nb201GraphEncoding}), with its forward and backward pass
 * written out on ND4J arrays ({@code GcnNetwork}) and trained with Adam.
 *
 * <p>Separate from {@code mlp} because it reads a graph, not a flat vector, and owns its own
 * network code instead of DL4J layers; the graph layout itself is a featurizer, in {@code features}.
 */
package io.sparknas.predictor.gcn;
