package io.sparknas.predictor;

/** A prediction with its spread across ensemble members (population standard deviation). */
public record Uncertain(double mean, double std) {
}
