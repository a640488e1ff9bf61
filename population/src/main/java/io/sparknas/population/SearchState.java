package io.sparknas.population;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a strategy needs to continue a run: the RNG state, the generation counter, the
 * population it keeps, the best individual seen and the number of evaluator queries spent.
 * Serialises to JSON so a generation can be committed and a run resumed bit for bit.
 */
public final class SearchState {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Individual metrics are immutable maps whose iteration order is not stable across JVMs or
            // insertion orders; sorted keys make the same state always write the same JSON.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private String strategy;
    private long seed;
    private long rngState;
    private int generation;
    private long queries;
    private List<Individual> population = new ArrayList<>();
    private Individual best;
    private Map<String, Long> counters = new TreeMap<>();
    /** Every individual evaluated in the run, once per canonical key; kept by strategies that learn from all of it. */
    private List<Individual> history = new ArrayList<>();
    /**
     * What a strategy keeps with the run besides individuals and counters, by name (sorted): e.g. DARTS' α and
     * which selection rule picked which cell. Committed with the state, so it is in {@code checkpoints}; left out
     * of the JSON while empty, so the states of strategies without notes read as before.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private Map<String, String> notes = new TreeMap<>();

    @JsonIgnore
    private transient CheckpointableRandom rng;

    public SearchState() {
        // for Jackson
    }

    public static SearchState start(String strategy, long seed) {
        SearchState state = new SearchState();
        state.strategy = Objects.requireNonNull(strategy, "strategy");
        state.seed = seed;
        state.rngState = CheckpointableRandom.seeded(seed).state();
        return state;
    }

    /** The run's RNG; every random choice of the strategy goes through it so the state captures it. */
    @JsonIgnore
    public CheckpointableRandom random() {
        if (rng == null) {
            rng = CheckpointableRandom.restore(rngState);
        }
        return rng;
    }

    public long getRngState() {
        return rng == null ? rngState : rng.state();
    }

    public void setRngState(long rngState) {
        this.rngState = rngState;
        this.rng = null;
    }

    public String getStrategy() { return strategy; }
    public void setStrategy(String strategy) { this.strategy = strategy; }
    public long getSeed() { return seed; }
    public void setSeed(long seed) { this.seed = seed; }
    public int getGeneration() { return generation; }
    public void setGeneration(int generation) { this.generation = generation; }
    public long getQueries() { return queries; }
    public void setQueries(long queries) { this.queries = queries; }
    public List<Individual> getPopulation() { return population; }
    public void setPopulation(List<Individual> population) { this.population = new ArrayList<>(population); }
    public Individual getBest() { return best; }
    public void setBest(Individual best) { this.best = best; }
    public List<Individual> getHistory() { return history; }
    public void setHistory(List<Individual> history) { this.history = new ArrayList<>(history); }
    public Map<String, String> getNotes() { return Collections.unmodifiableMap(notes); }
    public void setNotes(Map<String, String> notes) { this.notes = new TreeMap<>(notes); }

    /** The named note; null for one never written. */
    public String note(String name) {
        return notes.get(name);
    }

    /** Writes (or replaces) the named note. */
    public void putNote(String name, String value) {
        notes.put(Objects.requireNonNull(name, "note name"), Objects.requireNonNull(value, "note value"));
    }

    public Map<String, Long> getCounters() { return Collections.unmodifiableMap(counters); }
    public void setCounters(Map<String, Long> counters) { this.counters = new TreeMap<>(counters); }

    /** The named counter's value; 0 for a counter never incremented. */
    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** Adds {@code amount} to the named counter, creating it at 0 first if needed. */
    public void increment(String name, long amount) {
        counters.merge(Objects.requireNonNull(name, "counter name"), amount, Long::sum);
    }

    /** Keeps {@code candidate} as the best so far if it beats the current best; ties keep the earlier. */
    public void offerBest(Individual candidate, Objective objective) {
        if (best == null || objective.utility(candidate.metrics()) > objective.utility(best.metrics())) {
            best = candidate;
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise search state", e);
        }
    }

    public static SearchState fromJson(String json) {
        try {
            return JSON.readValue(json, SearchState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("corrupt search state: " + e.getOriginalMessage(), e);
        }
    }
}
