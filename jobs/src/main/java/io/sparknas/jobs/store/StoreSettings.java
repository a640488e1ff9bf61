package io.sparknas.jobs.store;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.List;

/** {@code store.*}: where the Delta result tables live. */
public record StoreSettings(String path) {
    public static final Setting<String> PATH = Setting.string("store.path", "\"warehouse\"",
            "Folder (or any Hadoop URI) holding the Delta result tables.");
    public static final List<Setting<?>> SETTINGS = List.of(PATH);

    public static StoreSettings from(NasConfig config) {
        return new StoreSettings(PATH.get(config));
    }

    /** {@code store.path}. */
    public static String path(NasConfig config) {
        return PATH.get(config);
    }
}
