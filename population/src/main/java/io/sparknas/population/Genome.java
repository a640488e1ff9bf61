package io.sparknas.population;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.io.Serializable;
import java.util.Arrays;

/** An immutable vector of choices, one per gene; what a {@link SearchSpace} decodes into an {@link Architecture}. */
public final class Genome implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] choices;

    private Genome(int[] choices) {
        this.choices = choices;
    }

    @JsonCreator
    public static Genome of(int... choices) {
        return new Genome(choices.clone());
    }

    public int length() {
        return choices.length;
    }

    public int get(int gene) {
        return choices[gene];
    }

    /** A copy with one gene changed; this genome is left as it is. */
    public Genome with(int gene, int choice) {
        int[] copy = choices.clone();
        copy[gene] = choice;
        return new Genome(copy);
    }

    @JsonValue
    public int[] toArray() {
        return choices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Genome g && Arrays.equals(choices, g.choices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(choices);
    }

    @Override
    public String toString() {
        return Arrays.toString(choices);
    }
}
