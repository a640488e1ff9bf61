package io.sparknas.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** reference.conf is the documentation of the config: every key has a comment above it, next to its default. */
class ReferenceConfTest {
    @Test
    void everyKeyIsDocumentedWhereItsDefaultIsSet() {
        Config reference = ConfigFactory.parseResources(NasConfig.class.getClassLoader(), "reference.conf");
        List<String> undocumented = reference.entrySet().stream()
                .filter(e -> !documented(reference, e))
                .map(Map.Entry::getKey).sorted().collect(Collectors.toList());
        assertTrue(reference.entrySet().size() > 40, "reference.conf was read");
        assertTrue(undocumented.isEmpty(), "keys without a comment in reference.conf: " + undocumented);
    }

    /** A comment on the key itself (entrySet has leaves only: an empty object such as spark.conf is not one). */
    private static boolean documented(Config reference, Map.Entry<String, ConfigValue> entry) {
        return !entry.getValue().origin().comments().isEmpty();
    }
}
