package io.sparknas.jobs.store;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.List;

/** {@code store.*}: where the Delta result tables live. */
public record StoreSettings(String path) {
    public static final Setting<String> PATH = Setting.string("store.path", "\"warehouse\"",
            "Folder (or any Hadoop URI) holding the Delta result tables.");
    /** A catalog or schema name: letters, digits, underscores and hyphens (quoted with backticks where used). */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}");
    public static final Setting<Boolean> REGISTER = Setting.bool("store.register", "false",
            "Whether the jobs that write the store (search, train-final, train-supernet, maintain) register its tables "
                    + "as persistent external tables, and its views, in store.catalog / store.schema of the session's "
                    + "catalog (a Hive metastore, Glue, Unity): created if missing, never dropped or moved.");
    public static final Setting<String> CATALOG = Setting.string("store.catalog", "\"\"",
            "The catalog store.register registers in; empty: the session's current catalog.")
            .check(name -> name.isEmpty() || NAME.matcher(name).matches() ? null
                    : ": '" + name + "' is not a catalog name (letters, digits, _ and -; empty for the current catalog)");
    public static final Setting<String> SCHEMA = Setting.string("store.schema", "\"sparknas\"",
            "The schema (database) store.register registers the tables and views in; created if missing.")
            .check(name -> NAME.matcher(name).matches() ? null
                    : ": '" + name + "' is not a schema name (letters, digits, _ and -, at most 128)");
    public static final List<Setting<?>> SETTINGS = List.of(PATH, REGISTER, CATALOG, SCHEMA);

    public static StoreSettings from(NasConfig config) {
        return new StoreSettings(PATH.get(config));
    }

    /** {@code store.path}. */
    public static String path(NasConfig config) {
        return PATH.get(config);
    }
}
