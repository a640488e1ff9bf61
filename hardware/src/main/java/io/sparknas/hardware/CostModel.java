package io.sparknas.hardware;

import io.sparknas.population.Architecture;

import java.io.Serializable;

/** A hardware cost of an architecture (params, FLOPs, latency on a device): a pure function, usable in Spark maps. */
public interface CostModel extends Serializable {

    /** Column-friendly name, e.g. {@code params}, {@code lat_ms_titanx_bs1}. */
    String name();

    double cost(Architecture architecture);
}
