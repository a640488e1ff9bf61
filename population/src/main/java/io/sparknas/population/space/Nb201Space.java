package io.sparknas.population.space;

import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;

import java.util.List;

/**
 * The NAS-Bench-201 cell: 4 nodes, 6 edges (node1&lt;-0 | node2&lt;-0,1 | node3&lt;-0,1,2), each edge one
 * of five operations; 15,625 cells. String form {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}.
 */
public final class Nb201Space implements SearchSpace {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "nb201";
    public static final List<String> OPS =
            List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3");
    public static final int NONE = 0;
    static final int NODES = 4;
    static final int EDGES = 6;
    /** Source node of each edge, in string order. */
    static final int[] FROM = {0, 0, 1, 0, 1, 2};
    /** Target node of each edge, in string order. */
    static final int[] TO = {1, 2, 2, 3, 3, 3};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int length() {
        return EDGES;
    }

    @Override
    public int choices(int gene) {
        return OPS.size();
    }

    @Override
    public Nb201Cell decode(Genome genome) {
        validate(genome);
        return new Nb201Cell(genome);
    }

    @Override
    public Genome parse(String text) {
        if (text == null || !text.startsWith("|") || !text.endsWith("|")) {
            throw new IllegalArgumentException("not an NB201 cell string (must start and end with '|'): '" + text + "'");
        }
        String[] nodes = text.substring(1, text.length() - 1).split("\\|\\+\\|", -1);
        if (nodes.length != NODES - 1) {
            throw new IllegalArgumentException("NB201 cell string '" + text + "' has " + nodes.length
                    + " node groups separated by '|+|', expected " + (NODES - 1));
        }
        int[] genes = new int[EDGES];
        int edge = 0;
        for (int node = 1; node < NODES; node++) {
            String[] tokens = nodes[node - 1].split("\\|", -1);
            if (tokens.length != node) {
                throw new IllegalArgumentException("NB201 cell string '" + text + "': node " + node + " has "
                        + tokens.length + " inputs, expected " + node);
            }
            for (int input = 0; input < node; input++) {
                genes[edge++] = parseEdge(text, tokens[input], input);
            }
        }
        return Genome.of(genes);
    }

    private static int parseEdge(String text, String token, int expectedInput) {
        int tilde = token.indexOf('~');
        if (tilde < 0) {
            throw new IllegalArgumentException("NB201 cell string '" + text + "': bad token '" + token + "' (expected op~input)");
        }
        int op = OPS.indexOf(token.substring(0, tilde));
        if (op < 0) {
            throw new IllegalArgumentException("NB201 cell string '" + text + "': unknown operation in token '" + token
                    + "' (known: " + String.join(", ", OPS) + ")");
        }
        if (!token.substring(tilde + 1).equals(Integer.toString(expectedInput))) {
            throw new IllegalArgumentException("NB201 cell string '" + text + "': token '" + token
                    + "' should read from node " + expectedInput);
        }
        return op;
    }

    static String format(int[] ops) {
        StringBuilder out = new StringBuilder("|");
        int edge = 0;
        for (int node = 1; node < NODES; node++) {
            if (node > 1) {
                out.append("+|");
            }
            for (int input = 0; input < node; input++) {
                out.append(OPS.get(ops[edge++])).append('~').append(input).append('|');
            }
        }
        return out.toString();
    }
}
