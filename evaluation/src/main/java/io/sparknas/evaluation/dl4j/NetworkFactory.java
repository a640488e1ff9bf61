package io.sparknas.evaluation.dl4j;

import io.sparknas.population.Architecture;
import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.Nb201Cell;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.Serializable;
import java.util.Objects;

/**
 * Genome → network for the spaces that have a builder, as serialisable settings (the space and the
 * NB201 skeleton's width and depth). NB201 networks take their input shape and classes from the
 * caller (the dataset); MobileNet architectures carry theirs, which must then agree with the caller's.
 */
public final class NetworkFactory implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
        Dl4jNatives.configure(); // before ND4J loads, in JVMs started without bin/nas's flags
    }

    private final SearchSpace space;
    private final int nb201StemChannels;
    private final int nb201CellsPerStage;

    public NetworkFactory(SearchSpace space, int nb201StemChannels, int nb201CellsPerStage) {
        this.space = Objects.requireNonNull(space, "space");
        if (nb201StemChannels <= 0 || nb201CellsPerStage <= 0) {
            throw new IllegalArgumentException("NB201 stem channels and cells per stage must be positive, got "
                    + nb201StemChannels + " and " + nb201CellsPerStage);
        }
        this.nb201StemChannels = nb201StemChannels;
        this.nb201CellsPerStage = nb201CellsPerStage;
    }

    /** NAS-Bench-201's own skeleton: C = 16, 5 cells per stage. */
    public static NetworkFactory nb201Default(SearchSpace space) {
        return new NetworkFactory(space, 16, 5);
    }

    /** The settings that decide which network a genome becomes. */
    public String describe() {
        return space.name() + " C=" + nb201StemChannels + " N=" + nb201CellsPerStage;
    }

    public SearchSpace space() {
        return space;
    }

    public ComputationGraph build(Genome genome, InputShape shape, BuildOptions options) {
        Architecture architecture = space.decode(genome);
        if (architecture instanceof Nb201Cell cell) {
            Nb201Macro macro = new Nb201Macro(shape.channels(), shape.height(), shape.width(), shape.classes(),
                    nb201StemChannels, nb201CellsPerStage);
            return new Nb201NetworkBuilder(macro).build(cell, options);
        }
        if (architecture instanceof MobileNetArchitecture mobileNet) {
            InputShape own = new InputShape(mobileNet.inputChannels(), mobileNet.resolution(), mobileNet.resolution(),
                    mobileNet.classes());
            if (!own.equals(shape)) {
                throw new IllegalArgumentException("the MobileNet space is built for " + own + " but the data is " + shape);
            }
            return MobileNetNetworkBuilder.build(mobileNet, options);
        }
        throw new IllegalArgumentException("no DL4J network builder for space '" + space.name() + "' ("
                + architecture.getClass().getSimpleName() + ")");
    }
}
