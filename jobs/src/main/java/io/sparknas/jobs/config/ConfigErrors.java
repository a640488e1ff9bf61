package io.sparknas.jobs.config;

/**
 * The one place a config error's message is built: {@code config key 'KEY' must be > 0, got 0},
 * {@code config key 'KEY' (where it was set): expected an integer, got 2.5}. Every {@link Setting},
 * the loader's type check and the multi-key checks of the settings records go through here, so the
 * wording a user (and the bad-input catalogue) sees is the same everywhere.
 */
public final class ConfigErrors {
    private ConfigErrors() {
    }

    /** How a message names a key: {@code config key 'search.budget'}. */
    public static String name(String key) {
        return "config key '" + key + "'";
    }

    /**
     * @param problem what is wrong, e.g. {@code must be > 0, got 0}, or starting with ':' or '(' to follow
     *                the key directly, e.g. {@code : unknown strategy 'x' (known: ...)}
     */
    public static BadInputException invalid(String key, String problem) {
        return invalid(key, problem, null);
    }

    public static BadInputException invalid(String key, String problem, Throwable cause) {
        String separator = problem.startsWith(":") || problem.startsWith("(") ? "" : " ";
        return new BadInputException(name(key) + separator + problem, cause);
    }

    /** A key whose value could not be read as its type: {@code config key 'KEY' (origin): problem}. */
    public static BadInputException unreadable(String key, String origin, String problem, Throwable cause) {
        return new BadInputException(name(key) + origin + ": " + problem, cause);
    }

    /** A key a user set that this version no longer has under that name ({@link ConfigRenames}). */
    public static BadInputException renamed(String oldKey, String newKey, String origin) {
        return new BadInputException(name(oldKey) + " was renamed to '" + newKey + "'" + origin);
    }
}
