package io.sparknas.jobs.config;

import com.typesafe.config.Config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One config key: its full path, what it means, its default (the HOCON literal reference.conf holds)
 * and the check its value must pass, together (the idea of MLlib's {@code Param}). {@link #get} reads
 * the value through {@link NasConfig}'s typed getters (a wrong type names the key there), checks it,
 * and reports a bad value through {@link ConfigErrors}. A settings record per namespace holds its keys
 * as {@code Setting} constants; {@link ConfigReference} lists them all, and tests hold reference.conf
 * and docs/configuration.md to that list.
 *
 * @param <T> the value's Java type
 */
public final class Setting<T> {
    /** How a key's value is read (the type conversion); a wrong type is reported by {@link NasConfig}. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(NasConfig config, String key);
    }

    /** A value's problem, as the rest of the message after the key (see {@link ConfigErrors#invalid}), or null. */
    @FunctionalInterface
    public interface Check<T> {
        String problem(T value);
    }

    private final String key;
    private final String defaultValue;
    private final String doc;
    private final Reader<T> reader;
    private final Check<T> check;
    private final Supplier<List<String>> choices;

    private Setting(String key, String defaultValue, String doc, Reader<T> reader, Check<T> check,
                    Supplier<List<String>> choices) {
        this.key = Objects.requireNonNull(key, "key");
        this.defaultValue = Objects.requireNonNull(defaultValue, "default");
        this.doc = Objects.requireNonNull(doc, "doc");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.check = Objects.requireNonNull(check, "check");
        this.choices = choices;
    }

    /** A key read by {@code reader}, with no check yet. */
    public static <T> Setting<T> of(String key, String defaultValue, String doc, Reader<T> reader) {
        return new Setting<>(key, defaultValue, doc, reader, value -> null, null);
    }

    public static Setting<String> string(String key, String defaultValue, String doc) {
        return of(key, defaultValue, doc, NasConfig::getString);
    }

    /** A string that must not be empty or blank (read trimmed): "must be set". */
    public static Setting<String> required(String key, String defaultValue, String doc) {
        return of(key, defaultValue, doc, (config, k) -> config.getString(k).trim())
                .check(value -> value.isEmpty() ? "must be set" : null);
    }

    public static Setting<Integer> integer(String key, String defaultValue, String doc) {
        return of(key, defaultValue, doc, NasConfig::getInt);
    }

    public static Setting<Integer> positiveInt(String key, String defaultValue, String doc) {
        return integer(key, defaultValue, doc).require(v -> v > 0, "> 0");
    }

    /** An int of at least {@code min}; {@code note} (may be empty) follows the bound, e.g. "(0 = off)". */
    public static Setting<Integer> atLeast(String key, String defaultValue, int min, String note, String doc) {
        return integer(key, defaultValue, doc).require(v -> v >= min, ">= " + min + (note.isEmpty() ? "" : " " + note));
    }

    public static Setting<Long> whole(String key, String defaultValue, String doc) {
        return of(key, defaultValue, doc, NasConfig::getLong);
    }

    public static Setting<Double> number(String key, String defaultValue, String doc) {
        return of(key, defaultValue, doc, NasConfig::getDouble);
    }

    public static Setting<Boolean> bool(String key, String defaultValue, String doc) {
        return of(key, defaultValue, doc, NasConfig::getBoolean);
    }

    public static Setting<List<String>> strings(String key, String defaultValue, String doc) {
        return of(key, defaultValue, doc, NasConfig::getStringList);
    }

    public static Setting<List<Integer>> ints(String key, String defaultValue, String doc) {
        return of(key, defaultValue, doc, NasConfig::getIntList);
    }

    public static Setting<List<? extends Config>> objects(String key, String defaultValue, String doc) {
        return of(key, defaultValue, doc, NasConfig::getObjectList);
    }

    public static Setting<Map<String, Object>> freeForm(String key, String defaultValue, String doc) {
        return of(key, defaultValue, doc, NasConfig::getFreeForm);
    }

    /**
     * A name picked from a registry: {@code config key 'KEY': unknown WHAT 'x' (known: a, b)}. The doc
     * must list the names (a test holds it to {@code names}).
     */
    public static Setting<String> choice(String key, String defaultValue, String what, Supplier<List<String>> names,
                                         String doc) {
        return new Setting<>(key, defaultValue, doc, NasConfig::getString,
                value -> names.get().contains(value) ? null : unknown(what, value, names.get()), names);
    }

    /** A list of names picked from a registry, each checked as by {@link #choice}. */
    public static Setting<List<String>> choices(String key, String defaultValue, String what,
                                                Supplier<List<String>> names, String doc) {
        return new Setting<>(key, defaultValue, doc, NasConfig::getStringList, values -> values.stream()
                .filter(v -> !names.get().contains(v)).findFirst().map(v -> unknown(what, v, names.get())).orElse(null), names);
    }

    private static String unknown(String what, String value, List<String> known) {
        return ": unknown " + what + " '" + value + "' (known: " + String.join(", ", known) + ")";
    }

    /** This setting with one more check, run after the ones it has. */
    public Setting<T> check(Check<T> more) {
        Check<T> first = check;
        return new Setting<>(key, defaultValue, doc, reader, value -> {
            String problem = first.problem(value);
            return problem != null ? problem : more.problem(value);
        }, choices);
    }

    /** A range check: "must be REQUIREMENT, got VALUE", e.g. requirement {@code in [0, 1)}. */
    public Setting<T> require(Predicate<T> valid, String requirement) {
        return check(value -> valid.test(value) ? null : "must be " + requirement + ", got " + value);
    }

    /** A list that must not be empty: "is empty" and {@code note}, e.g. ": name at least one CSV file". */
    public Setting<T> nonEmpty(String note) {
        return check(value -> value instanceof java.util.Collection<?> c && c.isEmpty() ? "is empty" + note : null);
    }

    /** Reads, checks and returns the value, or throws the one-line error naming the key. */
    public T get(NasConfig config) {
        T value = reader.read(config, key);
        String problem = check.problem(value);
        if (problem != null) {
            throw ConfigErrors.invalid(key, problem);
        }
        return value;
    }

    /** An error about this key found by a check across keys (e.g. a budget larger than the space). */
    public BadInputException error(String problem) {
        return ConfigErrors.invalid(key, problem);
    }

    public BadInputException error(String problem, Throwable cause) {
        return ConfigErrors.invalid(key, problem, cause);
    }

    public String key() {
        return key;
    }

    /** The default as reference.conf writes it (a HOCON literal, or a substitution such as {@code ${a.b}}). */
    public String defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    /** The registry's names for a setting that picks one (or several), else empty. */
    public List<String> choiceNames() {
        return choices == null ? List.of() : choices.get();
    }

    /** The namespace: the key without its last segment. */
    public String namespace() {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    @Override
    public String toString() {
        return key;
    }
}
