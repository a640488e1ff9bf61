package io.sparknas.jobs.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * A user value must have the type of the key's default in reference.conf (HOCON's own conversions
 * allowed: a number or boolean written as a string, any scalar where a string is expected), so a
 * wrong type is reported at load time, naming the key and where the value came from, before any
 * job starts.
 */
final class ConfigTypes {
    private ConfigTypes() {
    }

    static void check(String key, ConfigValue expected, ConfigValue given) {
        if (given.valueType() == ConfigValueType.NULL || expected.valueType() == ConfigValueType.NULL) {
            return;
        }
        String problem = problem(expected, given);
        if (problem != null) {
            throw ConfigErrors.unreadable(key, NasConfig.origin(given), problem, null);
        }
    }

    private static String problem(ConfigValue expected, ConfigValue given) {
        Object value = given.unwrapped();
        switch (expected.valueType()) {
            case NUMBER -> {
                // whether a whole number is required is the reader's to say (NasConfig.getInt): HOCON stores a
                // default written 3.0 as an integer, so the default cannot tell a count from a real such as an eta
                return asNumber(given) == null ? "expected a number, got " + describe(given) : null;
            }
            case BOOLEAN -> {
                return given.valueType() == ConfigValueType.BOOLEAN
                        || (given.valueType() == ConfigValueType.STRING
                        && String.valueOf(value).matches("true|false|yes|no|on|off")) ? null
                        : "expected true or false, got " + describe(given);
            }
            case STRING -> {
                return given.valueType() == ConfigValueType.LIST || given.valueType() == ConfigValueType.OBJECT
                        ? "expected a string, got " + describe(given) : null;
            }
            case LIST -> {
                if (given.valueType() != ConfigValueType.LIST) {
                    return "expected a list [...], got " + describe(given);
                }
                ConfigList defaults = (ConfigList) expected;
                if (defaults.isEmpty()) {
                    return null; // no element type to compare with
                }
                for (ConfigValue element : (ConfigList) given) {
                    String problem = problem(defaults.get(0), element);
                    if (problem != null) {
                        return "list element: " + problem;
                    }
                }
                return null;
            }
            case OBJECT -> {
                return given.valueType() == ConfigValueType.OBJECT ? null : "expected an object {...}, got " + describe(given);
            }
            default -> {
                return null;
            }
        }
    }

    private static Double asNumber(ConfigValue value) {
        if (value.valueType() == ConfigValueType.NUMBER) {
            return ((Number) value.unwrapped()).doubleValue();
        }
        if (value.valueType() == ConfigValueType.STRING) {
            try {
                return Double.parseDouble(((String) value.unwrapped()).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String describe(ConfigValue value) {
        return switch (value.valueType()) {
            case STRING -> "\"" + value.unwrapped() + "\"";
            case LIST -> "a list";
            case OBJECT -> "an object";
            default -> String.valueOf(value.unwrapped());
        };
    }
}
