package io.sparknas.population.prior;

import io.sparknas.population.Individual;
import io.sparknas.population.Objective;

import java.util.List;

/**
 * What one earlier task measured: its individuals with the values of its own objective metric only,
 * e.g. the CIFAR-10 validation accuracy of every cell a CIFAR-10 search evaluated.
 *
 * @param name      what the task is, for messages and records (e.g. its metric and evaluator digest)
 * @param objective the task's objective: its metric and direction
 * @param observed  the task's evaluated individuals; each carries the objective's metric
 */
public record SourceTask(String name, Objective objective, List<Individual> observed) {
    public SourceTask {
        observed = List.copyOf(observed);
        if (observed.isEmpty()) {
            throw new IllegalArgumentException("source task " + name + " has no evaluated individuals");
        }
    }
}
