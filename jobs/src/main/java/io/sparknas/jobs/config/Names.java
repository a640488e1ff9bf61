package io.sparknas.jobs.config;

import java.util.regex.Pattern;

/**
 * The one check for every id that becomes part of a path or a file name (run ids, predictor ids,
 * report folders named after a run): 1-128 letters, digits, '.', '_' or '-', starting with a letter
 * or digit. So an id is never empty or blank, never {@code .} or {@code ..}, never holds a separator,
 * and can never point outside the folder it is placed in.
 */
public final class Names {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Names() {
    }

    /**
     * @param source where the id came from ({@code --run-id}, a config key), for the message
     * @return {@code id}, unchanged
     * @throws BadInputException naming the source and the id when it is not a plain name
     */
    public static String check(String source, String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new BadInputException(source + " '" + printable(String.valueOf(id))
                    + "': an id is 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return id;
    }

    /** Control characters (a newline would break the one-line message) shown escaped. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return out.toString();
    }
}
