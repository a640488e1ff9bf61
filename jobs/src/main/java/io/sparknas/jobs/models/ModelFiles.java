package io.sparknas.jobs.models;

/**
 * Where a trained model's files live: {@code <store>/models/<model_id>/} holds {@code model.zip} (the DL4J
 * ComputationGraph), {@code genome.json}, {@code recipe.json} and {@code checkpoints/epoch-<e>.zip}; an export
 * folder holds the first three and {@code MODEL_CARD.md}.
 */
final class ModelFiles {
    static final String FOLDER = "models";
    static final String MODEL = "model.zip";
    static final String GENOME = "genome.json";
    static final String RECIPE = "recipe.json";
    static final String CARD = "MODEL_CARD.md";
    static final String CHECKPOINTS = "checkpoints";

    private ModelFiles() {
    }

    /** The model's folder under a store root. */
    static String folder(String storeRoot, String modelId) {
        return storeRoot + "/" + FOLDER + "/" + modelId;
    }
}
