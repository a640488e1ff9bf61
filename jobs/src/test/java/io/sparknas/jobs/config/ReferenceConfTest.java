package io.sparknas.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.sparknas.jobs.search.Registry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * reference.conf and docs/configuration.md are the registered settings ({@link ConfigReference}): the same
 * keys, the same defaults, each key's doc as its comment, and the names a setting picks from are the
 * registry's. Both files are rendered from the registry; {@code -Dsparknas.regenerate=true} rewrites them.
 */
class ReferenceConfTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
            .getParent();
    private static final Pattern ONE_OF = Pattern.compile("one of: ([^):;]*)");

    private static Config reference() {
        return ConfigFactory.parseResources(NasConfig.class.getClassLoader(), "reference.conf");
    }

    @Test
    void theLeafKeysOfReferenceConfAreExactlyTheRegisteredOnes() {
        Set<String> leaves = new TreeSet<>(reference().entrySet().stream().map(Map.Entry::getKey).toList());
        leaves.add("spark.conf"); // free-form: an empty object has no leaves
        Set<String> registered = new TreeSet<>();
        for (Setting<?> setting : ConfigReference.all()) {
            assertTrue(registered.add(setting.key()), "registered twice: " + setting.key());
        }
        assertTrue(registered.size() > 100, "the registry was read: " + registered.size());
        assertEquals(registered, leaves);
    }

    @Test
    void eachDefaultInReferenceConfIsTheSettingsDefault() {
        ConfigObject root = reference().root();
        for (Setting<?> setting : ConfigReference.all()) {
            ConfigValue given = ConfigFactory.parseString("k = " + setting.defaultValue()).root().get("k");
            assertEquals(render(given), render(at(root, setting.key())), setting.key());
        }
        // and every default passes its own check
        NasConfig defaults = NasConfig.load(null, List.of("evaluator.tabular.objective=x", "benchmark.report=x",
                "train-predictor.target=x"));
        ConfigReference.all().forEach(setting -> setting.get(defaults));
    }

    @Test
    void eachKeysCommentInReferenceConfIsItsDoc() {
        Config reference = reference();
        List<String> wrong = new ArrayList<>();
        for (Setting<?> setting : ConfigReference.all()) {
            if (setting.key().equals("spark.conf")) {
                continue; // an empty object: no leaf to carry the comment (checked in the rendering below)
            }
            String comment = at(reference.root(), setting.key()).origin().comments().stream().map(String::strip)
                    .collect(Collectors.joining(" "));
            if (!comment.contains(setting.doc())) {
                wrong.add(setting.key() + ": '" + comment + "' lacks '" + setting.doc() + "'");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aSettingThatPicksFromARegistryDocumentsExactlyTheRegisteredNames() {
        Map<String, List<String>> registries = Map.of("search.space", Registry.SPACES, "search.strategy", Registry.STRATEGIES,
                "search.evaluator", Registry.EVALUATORS, "strategy.predictor-guided.predictor", Registry.PREDICTOR_KINDS,
                "strategy.predictor-guided.acquisition", Registry.ACQUISITIONS);
        Set<String> seen = new HashSet<>();
        for (Setting<?> setting : ConfigReference.all()) {
            List<String> names = setting.choiceNames();
            if (names.isEmpty()) {
                continue;
            }
            Matcher m = ONE_OF.matcher(setting.doc());
            assertTrue(m.find(), setting.key() + ": the doc lists the names as 'one of: a, b': " + setting.doc());
            assertEquals(names, List.of(m.group(1).strip().split(",\\s*")), setting.key());
            if (registries.containsKey(setting.key())) {
                assertEquals(registries.get(setting.key()), names, setting.key() + " picks from the registry");
                seen.add(setting.key());
            }
        }
        assertEquals(registries.keySet(), seen);
        // the registries themselves are what the code builds from
        assertEquals(List.of("nb201", "mobilenet"), Registry.SPACES);
        assertEquals(List.of("ucb", "thompson"), Registry.ACQUISITIONS);
    }

    @Test
    void theCommittedFilesAreTheRendering() throws IOException {
        Path conf = ROOT.resolve("jobs/src/main/resources/reference.conf");
        Path docs = ROOT.resolve("docs/configuration.md");
        if (Boolean.getBoolean("sparknas.regenerate")) {
            ConfigReference.main(new String[]{ROOT.toString()});
        }
        assertEquals(ConfigReference.hocon(), Files.readString(conf, StandardCharsets.UTF_8),
                "reference.conf differs from the settings: regenerate (see its header)");
        assertEquals(ConfigReference.markdown(), Files.readString(docs, StandardCharsets.UTF_8),
                "docs/configuration.md differs from the settings: regenerate (see its header)");
    }

    @Test
    void aRenamedKeyIsNeitherRegisteredNorInReferenceConf() {
        Config reference = reference();
        Set<String> registered = ConfigReference.all().stream().map(Setting::key).collect(Collectors.toSet());
        ConfigRenames.RENAMED.forEach((old, renamed) -> {
            assertTrue(!reference.hasPath(old) && !registered.contains(old), old);
            assertTrue(registered.contains(renamed), renamed);
        });
    }

    private static ConfigValue at(ConfigObject root, String key) {
        ConfigValue value = root;
        for (String part : key.split("\\.")) {
            value = ((ConfigObject) value).get(part);
        }
        return value;
    }

    private static String render(ConfigValue value) {
        return value.render(ConfigRenderOptions.concise());
    }
}
