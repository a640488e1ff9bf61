package io.sparknas.evaluation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short SHA-256 digest of an evaluator's settings: two evaluators with the same digest give the same
 * results, so the cross-run cache may serve one's rows to the other. Twelve hex digits keep the column
 * readable; a collision between two settings in one store is then vanishingly unlikely.
 */
public final class ConfigDigest {
    private static final int HEX_DIGITS = 12;

    private ConfigDigest() {
    }

    /** The digest of the parts, each ended by a separator that cannot appear in them. */
    public static String of(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A digest that goes on from another: {@code MessageDigest} state is not serialisable, strings are. */
    public static String chain(String previous, Object... parts) {
        Object[] all = new Object[parts.length + 1];
        all[0] = previous;
        System.arraycopy(parts, 0, all, 1, parts.length);
        return of(all);
    }
}
