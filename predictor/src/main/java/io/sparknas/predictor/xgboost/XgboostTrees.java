package io.sparknas.predictor.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Serializable;

/**
 * A regression booster's trees as flat Java arrays, for scoring where only the best candidates
 * matter. A candidate's sum over the first trees plus the most the remaining trees can add
 * (the sum of their largest leaves) bounds its final prediction from above, so one that cannot
 * beat a threshold is dropped after a few trees; one that can is predicted in full. The best
 * candidates and their predictions are exactly those of predicting everything in full.
 *
 * <p>Read from the booster's JSON model; only {@code gbtree} boosters with an identity link
 * ({@code reg:squarederror}) qualify, where the prediction is the base score plus the leaves.
 */
public final class XgboostTrees implements Serializable {
    // 2: nodes of four ints with self-looping leaves; a form of 1 would walk wrongly
    private static final long serialVersionUID = 2L;
    private static final String OBJECTIVE = "reg:squarederror";
    private static final int NODE = 4;
    private final double base;
    /**
     * Four ints a node, so one cache line holds all a visit reads: the feature tested shifted left
     * once, with the low bit set when a missing value goes left; the threshold's float bits; the left
     * child, whose right sibling follows it; the leaf's value's float bits. A leaf leads back to
     * itself (threshold NaN: every row goes right, to child + 1 = itself), so every walk takes
     * {@link #depth} steps and several rows can walk one tree in lockstep.
     */
    private final int[] nodes;
    /** The deepest leaf's depth: how many steps a walk takes. */
    private final int depth;
    /** The root's node index of each tree. */
    private final int[] roots;
    /** remaining[t]: the sum of the largest leaf of trees t and after, what they can add at most. */
    private final double[] remaining;

    private XgboostTrees(double base, int[] nodes, int depth, int[] roots, double[] largestLeaf) {
        this.base = base;
        this.nodes = nodes;
        this.depth = depth;
        this.roots = roots;
        this.remaining = new double[roots.length + 1];
        for (int tree = roots.length - 1; tree >= 0; tree--) {
            remaining[tree] = remaining[tree + 1] + largestLeaf[tree];
        }
    }

    /**
     * Parses {@code Booster.toByteArray("json")}.
     *
     * @throws IllegalArgumentException when the model is not JSON or not a squared-error tree booster
     */
    public static XgboostTrees fromJson(byte[] json) {
        JsonNode learner;
        try {
            learner = new ObjectMapper().readTree(json).path("learner");
        } catch (IOException e) {
            throw new IllegalArgumentException("not an XGBoost JSON model: " + e.getMessage(), e);
        }
        String objective = learner.path("objective").path("name").asText();
        String booster = learner.path("gradient_booster").path("name").asText();
        if (!OBJECTIVE.equals(objective) || !"gbtree".equals(booster)) {
            throw new IllegalArgumentException("tree scoring needs a gbtree booster with objective " + OBJECTIVE
                    + ", got " + booster + " with " + objective);
        }
        JsonNode trees = learner.path("gradient_booster").path("model").path("trees");
        int total = 0;
        for (JsonNode tree : trees) {
            total += tree.path("left_children").size();
        }
        if (trees.isEmpty() || total == 0) {
            throw new IllegalArgumentException("the XGBoost model holds no trees");
        }
        int[] nodes = new int[NODE * total];
        int[] roots = new int[trees.size()];
        double[] largestLeaf = new double[trees.size()];
        int next = 0;
        int depth = 0;
        for (int t = 0; t < trees.size(); t++) {
            roots[t] = next;
            largestLeaf[t] = Double.NEGATIVE_INFINITY;
            next = layOut(trees.get(t), nodes, next, largestLeaf, t);
            depth = Math.max(depth, depth(nodes, roots[t]));
        }
        return new XgboostTrees(baseScore(learner.path("learner_model_param").path("base_score").asText()),
                nodes, depth, roots, largestLeaf);
    }

    /** Steps from the node to its deepest leaf, in the laid-out arrays. */
    private static int depth(int[] nodes, int node) {
        int child = nodes[NODE * node + 2];
        if (child == node - 1) { // a leaf: its right child is itself
            return 0;
        }
        return 1 + Math.max(depth(nodes, child), depth(nodes, child + 1));
    }

    /**
     * Copies one tree breadth first from {@code next}, siblings side by side (XGBoost may reuse
     * pruned slots, so its own numbering does not promise that); returns the next free node.
     */
    private static int layOut(JsonNode tree, int[] nodes, int next, double[] largestLeaf, int t) {
        JsonNode lefts = tree.path("left_children");
        JsonNode rights = tree.path("right_children");
        JsonNode conditions = tree.path("split_conditions");
        int[] queue = new int[lefts.size()];
        queue[0] = 0;
        int free = next + 1;
        for (int head = 0, at = next; at < free; head++, at++) {
            int source = queue[head];
            int left = lefts.get(source).asInt();
            // for a leaf, split_conditions holds the leaf's value (learning rate applied)
            float condition = (float) conditions.get(source).asDouble();
            if (left < 0) {
                nodes[NODE * at] = 0; // tests feature 0, a missing value going right
                nodes[NODE * at + 1] = Float.floatToRawIntBits(Float.NaN);
                nodes[NODE * at + 2] = at - 1;
                nodes[NODE * at + 3] = Float.floatToRawIntBits(condition);
                largestLeaf[t] = Math.max(largestLeaf[t], condition);
                continue;
            }
            JsonNode missing = tree.path("default_left").get(source);
            boolean missingLeft = missing.isBoolean() ? missing.asBoolean() : missing.asInt() != 0;
            nodes[NODE * at] = tree.path("split_indices").get(source).asInt() << 1 | (missingLeft ? 1 : 0);
            nodes[NODE * at + 1] = Float.floatToRawIntBits(condition);
            nodes[NODE * at + 2] = free;
            queue[free - next] = left;
            queue[free - next + 1] = rights.get(source).asInt();
            free += 2;
        }
        return free;
    }

    /** XGBoost 3 writes the base score as a one-element vector, "[2.1E0]"; older versions as "2.1E0". */
    private static double baseScore(String text) {
        String number = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            return Float.parseFloat(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unreadable base_score '" + text + "' in the XGBoost model", e);
        }
    }

    public int trees() {
        return roots.length;
    }

    /** The full prediction of the row starting at {@code matrix[offset]}. */
    public double predict(float[] matrix, int offset) {
        double sum = base;
        for (int root : roots) {
            sum += leafValue(root, matrix, offset);
        }
        return sum;
    }

    /** A scorer for one thread that counts the trees it visits. */
    public Bounded bounded() {
        return new Bounded();
    }

    private double leafValue(int root, float[] matrix, int offset) {
        int at = NODE * root;
        for (int level = 0; level < depth; level++) {
            at = step(at, matrix, offset);
        }
        return leaf(at);
    }

    /**
     * Four rows down one tree in lockstep: one walk is a chain of dependent loads, and four
     * independent chains in one loop keep the processor busy while each waits.
     */
    private void addLeaves(int root, float[] matrix, int width, double[] out, int row0, int row1, int row2, int row3) {
        int offset0 = row0 * width;
        int offset1 = row1 * width;
        int offset2 = row2 * width;
        int offset3 = row3 * width;
        int at0 = NODE * root;
        int at1 = at0;
        int at2 = at0;
        int at3 = at0;
        for (int level = 0; level < depth; level++) {
            at0 = step(at0, matrix, offset0);
            at1 = step(at1, matrix, offset1);
            at2 = step(at2, matrix, offset2);
            at3 = step(at3, matrix, offset3);
        }
        out[row0] += leaf(at0);
        out[row1] += leaf(at1);
        out[row2] += leaf(at2);
        out[row3] += leaf(at3);
    }

    /** The value of the leaf starting at {@code nodes[at]}. */
    private float leaf(int at) {
        return Float.intBitsToFloat(nodes[at + 3]);
    }

    /** From the node starting at {@code nodes[at]} to the child the row at {@code matrix[offset]} goes to. */
    private int step(int at, float[] matrix, int offset) {
        int code = nodes[at];
        float value = matrix[offset + (code >>> 1)];
        float threshold = Float.intBitsToFloat(nodes[at + 1]);
        // no branch on the comparison itself: which way a candidate goes is not predictable
        int right = value < threshold ? 0 : 1;
        if (value != value) {
            right = (code & 1) ^ 1;
        }
        return NODE * (nodes[at + 2] + right);
    }

    /** Scores rows against a running best; not thread-safe. */
    public final class Bounded {
        /** Rows walked through the trees together: their row data and one tree's nodes stay in cache. */
        static final int BLOCK = 64;
        private final int[] alive = new int[BLOCK];
        private long rows;
        private long visited;

        private Bounded() {
        }

        /**
         * Scores the first {@code count} rows of a row-major matrix of {@code width} columns: {@code
         * out[r]} is row r's full prediction when it may exceed the running best (the larger of {@code
         * threshold} and the full predictions of the rows before it), else negative infinity, as it
         * cannot, whatever the remaining trees say.
         *
         * @return the running best after the last row
         */
        public double bestAbove(float[] matrix, int count, int width, double threshold, double[] out) {
            double best = threshold;
            for (int first = 0; first < count; first += BLOCK) {
                best = block(matrix, first, Math.min(count, first + BLOCK), width, best, out);
            }
            rows += count;
            return best;
        }

        /**
         * Scores the first {@code count} rows against a fixed bar (the worst of a top-k that only rises):
         * {@code out[r]} is row r's full prediction when it may reach {@code threshold}, else negative
         * infinity, as it cannot, whatever the remaining trees say.
         */
        public void above(float[] matrix, int count, int width, double threshold, double[] out) {
            for (int first = 0; first < count; first += BLOCK) {
                block(matrix, first, Math.min(count, first + BLOCK), width, threshold, out);
            }
            rows += count;
        }

        /**
         * Tree by tree over the block's rows: their walks down one tree are independent, so the
         * processor overlaps them, where one row's walk is a chain of dependent loads.
         */
        private double block(float[] matrix, int from, int to, int width, double threshold, double[] out) {
            // rounding of the running sums is far below this margin, so no row that could win is dropped
            double bar = threshold - 1e-9 * (1 + Math.abs(threshold));
            int living = 0;
            for (int row = from; row < to; row++) {
                out[row] = base;
                alive[living++] = row;
            }
            for (int tree = 0; tree < roots.length && living > 0; tree++) {
                double limit = bar - remaining[tree];
                int root = roots[tree];
                int kept = 0;
                for (int i = 0; i < living; i++) {
                    int row = alive[i];
                    if (out[row] < limit) {
                        out[row] = Double.NEGATIVE_INFINITY;
                        visited += tree;
                    } else {
                        alive[kept++] = row;
                    }
                }
                living = kept;
                int i = 0;
                for (; i + 4 <= living; i += 4) {
                    addLeaves(root, matrix, width, out, alive[i], alive[i + 1], alive[i + 2], alive[i + 3]);
                }
                for (; i < living; i++) {
                    out[alive[i]] += leafValue(root, matrix, alive[i] * width);
                }
            }
            visited += (long) living * roots.length;
            double best = threshold;
            for (int row = from; row < to; row++) {
                best = Math.max(best, out[row]);
            }
            return best;
        }

        /** Rows scored so far. */
        public long rows() {
            return rows;
        }

        /** Trees visited so far, over all rows. */
        public long treesVisited() {
            return visited;
        }
    }
}
