package io.sparknas.population;

/** A decoded genome: the network a genome stands for. */
public interface Architecture {

    /** The space's string form, e.g. the NB201 cell string. */
    String format();

    /**
     * Identifies the functional-equivalence class: two architectures with the same key compute the
     * same function family, so evaluating one stands for both (the cross-run cache relies on it).
     */
    String canonicalKey();
}
