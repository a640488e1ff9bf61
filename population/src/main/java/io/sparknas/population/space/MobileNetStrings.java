package io.sparknas.population.space;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The string form and canonical key of {@link MobileNetSpace} genomes (grammar documented on
 * {@link MobileNetArchitecture}). Values are matched as the exact text the formatter writes, so
 * {@code parse} accepts precisely the strings {@code format} produces and inverts them exactly.
 */
final class MobileNetStrings {
    static final String KEY_PREFIX = MobileNetSpace.NAME + ":";
    private static final String INACTIVE = "~";
    private static final Pattern STAGE = Pattern.compile("s(\\d+)\\[([^\\]]*)\\]\\(([^)]*)\\)");
    private static final Pattern BLOCK = Pattern.compile("k([^e]*)e(.*)");

    private MobileNetStrings() {
    }

    static String format(MobileNetSpace space, int[] genes) {
        MobileNetChoices values = space.choiceValues();
        StringBuilder out = new StringBuilder(MobileNetArchitecture.FORMAT_PREFIX);
        for (int stage = 0; stage < space.stageCount(); stage++) {
            if (stage > 0) {
                out.append('|');
            }
            int depth = space.depth(genes, stage);
            out.append('s').append(stage + 1)
                    .append("[d").append(depth)
                    .append(",w").append(values.widthMultipliers().get(genes[space.widthGene(stage)]))
                    .append("](");
            for (int slot = 0; slot < space.maxDepth(); slot++) {
                if (slot > 0) {
                    out.append(',');
                }
                if (slot >= depth) {
                    out.append(INACTIVE);
                }
                out.append('k').append(values.kernels().get(genes[space.kernelGene(stage, slot)]))
                        .append('e').append(values.expansions().get(genes[space.expansionGene(stage, slot)]));
            }
            out.append(')');
        }
        return out.toString();
    }

    static String canonicalKey(List<MobileNetStage> stages) {
        StringBuilder out = new StringBuilder(KEY_PREFIX);
        for (MobileNetStage stage : stages) {
            if (stage.index() > 0) {
                out.append('|');
            }
            out.append('s').append(stage.index() + 1)
                    .append("[d").append(stage.depth())
                    .append(",c").append(stage.channels())
                    .append("](");
            List<MobileNetBlock> blocks = stage.blocks();
            for (int slot = 0; slot < blocks.size(); slot++) {
                if (slot > 0) {
                    out.append(',');
                }
                MobileNetBlock block = blocks.get(slot);
                out.append('k').append(block.effectiveKernel()).append('e').append(block.expansion());
            }
            out.append(')');
        }
        return out.toString();
    }

    static int[] parse(MobileNetSpace space, String text) {
        if (text == null || !text.startsWith(MobileNetArchitecture.FORMAT_PREFIX)) {
            throw new IllegalArgumentException("not a mobilenet string (must start with '"
                    + MobileNetArchitecture.FORMAT_PREFIX + "'): '" + text + "'");
        }
        String[] stageTokens = text.substring(MobileNetArchitecture.FORMAT_PREFIX.length()).split("\\|", -1);
        if (stageTokens.length != space.stageCount()) {
            throw new IllegalArgumentException("mobilenet string '" + text + "' has " + stageTokens.length
                    + " stages separated by '|', expected " + space.stageCount());
        }
        int[] genes = new int[space.length()];
        for (int stage = 0; stage < stageTokens.length; stage++) {
            new StageParser(space, text, stage, genes).parse(stageTokens[stage]);
        }
        return genes;
    }

    /** Parses one stage group into the genes; every failure names the offending token. */
    private record StageParser(MobileNetSpace space, String text, int stage, int[] genes) {

        void parse(String token) {
            Matcher stageMatch = STAGE.matcher(token);
            if (!stageMatch.matches()) {
                throw bad(token, "expected s" + (stage + 1) + "[d<depth>,w<multiplier>](k<kernel>e<expansion>,…)");
            }
            if (!stageMatch.group(1).equals(Integer.toString(stage + 1))) {
                throw bad(token, "stage " + (stage + 1) + " must be written s" + (stage + 1));
            }
            int depth = parseHeader(stageMatch.group(2));
            String[] blocks = stageMatch.group(3).split(",", -1);
            if (blocks.length != space.maxDepth()) {
                throw bad(token, "it has " + blocks.length + " block slots, expected " + space.maxDepth()
                        + " (slots beyond the depth are kept, marked '" + INACTIVE + "')");
            }
            for (int slot = 0; slot < blocks.length; slot++) {
                parseBlock(blocks[slot], slot, depth);
            }
        }

        private int parseHeader(String header) {
            String[] fields = header.split(",", -1);
            if (fields.length != 2) {
                throw bad(header, "expected d<depth>,w<multiplier>");
            }
            MobileNetChoices values = space.choiceValues();
            int depthChoice = prefixedChoice(fields[0], "d", values.depths(), "depth");
            genes[space.depthGene(stage)] = depthChoice;
            genes[space.widthGene(stage)] = prefixedChoice(fields[1], "w", values.widthMultipliers(), "width multiplier");
            return values.depths().get(depthChoice);
        }

        private void parseBlock(String token, int slot, int depth) {
            boolean markedInactive = token.startsWith(INACTIVE);
            Matcher blockMatch = BLOCK.matcher(markedInactive ? token.substring(INACTIVE.length()) : token);
            if (!blockMatch.matches()) {
                throw bad(token, "expected k<kernel>e<expansion>, with a leading '" + INACTIVE + "' beyond the depth");
            }
            if (markedInactive != slot >= depth) {
                throw bad(token, "block slot " + (slot + 1) + " of a stage of depth " + depth + " must be "
                        + (slot >= depth ? "marked inactive with '" + INACTIVE + "'" : "active (no '" + INACTIVE + "')"));
            }
            MobileNetChoices values = space.choiceValues();
            genes[space.kernelGene(stage, slot)] = choice(token, blockMatch.group(1), values.kernels(), "kernel");
            genes[space.expansionGene(stage, slot)] = choice(token, blockMatch.group(2), values.expansions(), "expansion");
        }

        /** The index of {@code value} among the choices, compared as the formatter writes them. */
        private int choice(String token, String value, List<?> options, String what) {
            for (int index = 0; index < options.size(); index++) {
                if (options.get(index).toString().equals(value)) {
                    return index;
                }
            }
            throw bad(token, what + " '" + value + "' is not one of " + options);
        }

        /** A header field such as {@code d3}: the prefix, then one of the choices. */
        private int prefixedChoice(String field, String prefix, List<?> options, String what) {
            if (!field.startsWith(prefix)) {
                throw bad(field, "expected " + prefix + "<" + what + ">");
            }
            return choice(field, field.substring(prefix.length()), options, what);
        }

        private IllegalArgumentException bad(String token, String reason) {
            return new IllegalArgumentException("bad token '" + token + "' in stage s" + (stage + 1) + ": " + reason
                    + " (in mobilenet string '" + text + "')");
        }
    }
}
