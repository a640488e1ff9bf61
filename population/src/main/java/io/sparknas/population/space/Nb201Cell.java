package io.sparknas.population.space;

import io.sparknas.population.Architecture;
import io.sparknas.population.Genome;

import static io.sparknas.population.space.Nb201Space.EDGES;
import static io.sparknas.population.space.Nb201Space.FROM;
import static io.sparknas.population.space.Nb201Space.NODES;
import static io.sparknas.population.space.Nb201Space.NONE;
import static io.sparknas.population.space.Nb201Space.TO;

/** A decoded NB201 cell: the operation on each of the six edges. */
public final class Nb201Cell implements Architecture {
    private final int[] ops;

    Nb201Cell(Genome genome) {
        this.ops = genome.toArray();
    }

    public String op(int edge) {
        return Nb201Space.OPS.get(ops[edge]);
    }

    @Override
    public String format() {
        return Nb201Space.format(ops);
    }

    /**
     * The cell string with every dead edge set to {@code none}. An edge is dead when its input node
     * cannot be reached from the cell input, or its output node cannot reach the cell output, through
     * edges that are not {@code none}: such an edge never influences what the cell computes.
     */
    @Override
    public String canonicalKey() {
        boolean[] fromInput = new boolean[NODES];
        fromInput[0] = true;
        for (int edge = 0; edge < EDGES; edge++) { // edges are in topological order of their target
            if (ops[edge] != NONE && fromInput[FROM[edge]]) {
                fromInput[TO[edge]] = true;
            }
        }
        boolean[] toOutput = new boolean[NODES];
        toOutput[NODES - 1] = true;
        for (int edge = EDGES - 1; edge >= 0; edge--) { // reverse order: targets are settled before sources
            if (ops[edge] != NONE && toOutput[TO[edge]]) {
                toOutput[FROM[edge]] = true;
            }
        }
        int[] live = ops.clone();
        for (int edge = 0; edge < EDGES; edge++) {
            if (!fromInput[FROM[edge]] || !toOutput[TO[edge]]) {
                live[edge] = NONE;
            }
        }
        return Nb201Space.NAME + ":" + Nb201Space.format(live);
    }

    @Override
    public String toString() {
        return format();
    }
}
