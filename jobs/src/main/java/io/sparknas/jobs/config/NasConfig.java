package io.sparknas.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * The resolved configuration: {@code --set} overrides, then the {@code --config} file, then
 * {@code reference.conf}. Keys are checked against reference.conf so a typo is an error (a renamed key
 * names its new name: {@link ConfigRenames}), and every typed read names the key when the value has the
 * wrong type. The typed getters are what {@link Setting}s read through: the settings records, not the
 * commands, name keys.
 */
public final class NasConfig {
    private static final String FREE_FORM = "spark.conf";
    /** Every include is required: a missing file is an error, not silently nothing (see {@link RequiredIncludes}). */
    private static final ConfigParseOptions PARSE = ConfigParseOptions.defaults().setIncluder(new RequiredIncludes(null));
    private static final java.util.regex.Pattern BARE_SUBSTITUTION = java.util.regex.Pattern.compile("\\$\\{[^?}][^}]*}");
    private final Config config;

    private NasConfig(Config config) {
        this.config = config;
    }

    public static NasConfig load(File file, List<String> sets) {
        Config reference = ConfigFactory.parseResources(NasConfig.class.getClassLoader(), "reference.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config user = ConfigFactory.empty();
        for (String set : sets) {
            user = parseSet(set).withFallback(user);
        }
        if (file != null) {
            if (!file.isFile()) {
                throw new BadInputException("--config " + file + ": no such file");
            }
            try {
                // absolute: Typesafe resolves an include against the including file's folder, and a bare file
                // name has none (its includes would then be looked up on the classpath only)
                user = user.withFallback(ConfigFactory.parseFile(file.getAbsoluteFile(), PARSE.setAllowMissing(false)));
            } catch (ConfigException e) {
                throw new BadInputException("--config " + file + ": " + e.getMessage(), e);
            }
        }
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            String key = entry.getKey();
            ConfigRenames.refuse(key, entry.getValue());
            if (!key.startsWith(FREE_FORM + ".") && !reference.hasPathOrNull(key)) {
                throw new BadInputException("unknown config key '" + key + "'" + origin(entry.getValue()));
            }
        }
        Config resolved;
        try {
            resolved = user.withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new BadInputException("config: " + e.getMessage(), e);
        }
        refuseCycles(user, reference);
        // types are checked on resolved values (a ${SPARKNAS_HOME} substitution has no type before, and
        // a default may itself be a substitution, e.g. throughput.rounds = ${predictor.xgboost.rounds})
        Config defaults = reference.resolve();
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(FREE_FORM + ".") && defaults.hasPath(key) && resolved.hasPath(key)) {
                ConfigTypes.check(key, defaults.getValue(key), resolved.getValue(key));
            }
        }
        checkSparkConf(resolved);
        return new NasConfig(resolved);
    }

    /**
     * A config from a HOCON string over the defaults, as a resumed run stored it. A stored config is
     * data like any other: its {@code spark.conf} must pass the same allow-list.
     */
    public static NasConfig fromRendered(String hocon) {
        Config stored;
        try {
            stored = ConfigFactory.parseString(hocon, PARSE.setOriginDescription("the run's stored config"));
        } catch (ConfigException e) {
            throw new BadInputException("the run's stored config: " + e.getMessage(), e);
        }
        // a run started by an earlier version stored its keys under their old names
        return load(null, List.of()).withOverrides(ConfigRenames.migrate(stored));
    }

    private NasConfig withOverrides(Config overrides) {
        Config resolved = overrides.withFallback(config).resolve();
        checkSparkConf(resolved);
        return new NasConfig(resolved);
    }

    /** Every key under {@code spark.conf} must be one {@link SparkSettings} allows. */
    private static void checkSparkConf(Config resolved) {
        if (!resolved.hasPath(FREE_FORM) || resolved.getValue(FREE_FORM).valueType() != ConfigValueType.OBJECT) {
            return; // a wrong type is refused by the type check
        }
        for (Map.Entry<String, ConfigValue> setting : resolved.getObject(FREE_FORM).entrySet()) {
            ConfigValue value = setting.getValue();
            SparkSettings.check(setting.getKey(), value.unwrapped(),
                    value.origin() == null ? "" : value.origin().description());
        }
    }

    /**
     * HOCON resolves a substitution that leads back to its own key (search.budget = ${search.budget}, or
     * search.budget = ${search.batch} with search.batch = ${search.budget}) to the value underneath, the
     * default: the config would quietly run with the default. Each key the user set to a bare
     * substitution is resolved once more without its default; a cycle then fails, and is named.
     * (A substitution of an earlier value of the same file, search.budget = 5 then
     * search.budget = ${search.budget}, an optional ${?X}, or an extension such as
     * list = ${list} [x] are not bare self-references to the default and are left alone.)
     */
    private static void refuseCycles(Config user, Config reference) {
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            String key = entry.getKey();
            ConfigValue value = entry.getValue();
            String text;
            try {
                text = value.render(ConfigRenderOptions.concise());
            } catch (ConfigException e) {
                continue;
            }
            if (!BARE_SUBSTITUTION.matcher(text).matches() || !reference.hasPathOrNull(key)) {
                continue;
            }
            try {
                user.withFallback(reference.withoutPath(key)).resolve();
            } catch (ConfigException.UnresolvedSubstitution e) {
                throw ConfigErrors.unreadable(key, origin(value), text
                        + " leads back to '" + key + "' itself (a substitution cycle), which HOCON quietly resolves to "
                        + "the default: set a value", e);
            }
        }
    }

    private static Config parseSet(String set) {
        int eq = set.indexOf('=');
        if (eq <= 0) {
            throw new BadInputException("--set '" + set + "': expected key=value");
        }
        try {
            return ConfigFactory.parseString(set, PARSE.setOriginDescription("--set " + set));
        } catch (ConfigException e) {
            throw new BadInputException("--set '" + set + "': " + e.getMessage(), e);
        }
    }

    static String origin(ConfigValue value) {
        return value.origin() == null ? "" : " (" + value.origin().description() + ")";
    }

    public String getString(String key) {
        return read(key, () -> config.getString(key));
    }

    public int getInt(String key) {
        return readWhole(key, () -> config.getInt(key));
    }

    public long getLong(String key) {
        return readWhole(key, () -> config.getLong(key));
    }

    private <T> T readWhole(String key, java.util.function.Supplier<T> reader) {
        return read(key, () -> {
            requireWhole(key, config.getValue(key));
            return reader.get();
        });
    }

    /** Typesafe Config truncates 2.5 to 2 when asked for an int: a fraction where a count is meant is refused. */
    private static void requireWhole(String key, ConfigValue value) {
        if (value.unwrapped() instanceof Double d && (d != Math.rint(d) || Double.isInfinite(d))) {
            throw ConfigErrors.unreadable(key, origin(value), "expected an integer, got " + d, null);
        }
    }

    public boolean getBoolean(String key) {
        return read(key, () -> config.getBoolean(key));
    }

    public double getDouble(String key) {
        return read(key, () -> config.getDouble(key));
    }

    /** A list of HOCON objects, e.g. MAP-Elites descriptors. */
    public List<? extends Config> getObjectList(String key) {
        return read(key, () -> config.getConfigList(key));
    }

    public List<Integer> getIntList(String key) {
        return read(key, () -> {
            config.getList(key).forEach(element -> requireWhole(key, element));
            return config.getIntList(key);
        });
    }

    public List<String> getStringList(String key) {
        return read(key, () -> config.getStringList(key));
    }

    public Map<String, Object> getFreeForm(String key) {
        return read(key, () -> config.getConfig(key).root().unwrapped());
    }

    private <T> T read(String key, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ConfigException e) {
            throw ConfigErrors.unreadable(key, "", e.getMessage(), e);
        }
    }

    /** The resolved config as indented HOCON without origin comments (--dry-run). */
    public String renderReadable() {
        return config.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false).setJson(false));
    }

    /** The whole resolved config as HOCON/JSON, stored with each run. */
    public String render() {
        return config.root().render(ConfigRenderOptions.concise());
    }
}
