package io.sparknas.predictor.gcn;

import io.sparknas.predictor.features.Nb201GraphEncoding;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Graph vectors of {@link Nb201GraphEncoding} stacked into the GCN's {@code Â} and {@code H} tensors. */
record GraphBatch(INDArray adjacency, INDArray nodes) {

    static GraphBatch of(double[][] encoded, int[] rows) {
        int n = Nb201GraphEncoding.NODES;
        int adjacencySize = Nb201GraphEncoding.ADJACENCY;
        int nodeSize = Nb201GraphEncoding.NODE_FEATURES;
        float[] adjacency = new float[rows.length * adjacencySize];
        float[] nodes = new float[rows.length * nodeSize];
        for (int b = 0; b < rows.length; b++) {
            double[] graph = encoded[rows[b]];
            if (graph.length != adjacencySize + nodeSize) {
                throw new IllegalArgumentException("expected " + (adjacencySize + nodeSize) + " graph features of "
                        + Nb201GraphEncoding.NAME + ", got " + graph.length);
            }
            for (int i = 0; i < adjacencySize; i++) {
                adjacency[b * adjacencySize + i] = (float) graph[i];
            }
            for (int i = 0; i < nodeSize; i++) {
                nodes[b * nodeSize + i] = (float) graph[adjacencySize + i];
            }
        }
        return new GraphBatch(Nd4j.create(adjacency, new long[] {rows.length, n, n}, 'c'),
                Nd4j.create(nodes, new long[] {rows.length, n, Nb201GraphEncoding.NODE_TYPES}, 'c'));
    }

    static GraphBatch all(double[][] encoded) {
        int[] rows = new int[encoded.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return of(encoded, rows);
    }
}
