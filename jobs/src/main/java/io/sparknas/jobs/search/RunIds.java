package io.sparknas.jobs.search;

import io.sparknas.jobs.config.BadInputException;

import java.util.regex.Pattern;

/**
 * Run ids name rows in every table and appear in file names of reports and Airflow task ids, so
 * they are kept to a portable alphabet.
 */
final class RunIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private RunIds() {
    }

    /** @param source where the id came from ({@code --run-id} or the config key), for the message */
    static String check(String source, String runId) {
        if (!VALID.matcher(runId).matches()) {
            throw new BadInputException(source + " '" + printable(runId)
                    + "': a run id is 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return runId;
    }

    /** Control characters (a newline would break the one-line message) shown escaped. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return out.toString();
    }
}
