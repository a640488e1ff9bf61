package io.sparknas.predictor;

import io.sparknas.population.SearchSpace;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.predictor.gcn.GcnTrainer;
import io.sparknas.predictor.mlp.MlpTrainer;
import io.sparknas.predictor.mlp.PretrainedMlpTrainer;
import io.sparknas.predictor.xgboost.XgboostSettings;
import io.sparknas.predictor.xgboost.XgboostTrainer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The predictor kinds of every search space: the one place that maps (space, kind name) to a
 * trainer, and says which names exist. The name is what configs and the CLI spell and what the
 * trainer records as its provenance's kind. How a kind is built for a space (featurizer, settings)
 * is that space's recipe class ({@link Nb201Predictors}, {@link MobileNetPredictors}).
 */
public final class PredictorKinds {
    public static final String XGBOOST = XgboostTrainer.KIND;
    /** Bootstrap ensemble of {@link #XGBOOST} boosters; its spread is the uncertainty acquisition uses. */
    public static final String XGBOOST_ENSEMBLE = XGBOOST + "-ensemble";
    public static final String MLP = MlpTrainer.KIND;
    public static final String MLP_PRETRAINED = PretrainedMlpTrainer.KIND;
    public static final String GCN = GcnTrainer.KIND;

    /** Builds one kind for a space; the XGBoost kinds take their boosters' shape from {@code xgboost}. */
    private interface Recipe {
        PredictorTrainer build(SearchSpace space, XgboostSettings xgboost);
    }

    /** Search-space name → kind name → recipe, in the order the names are listed. */
    private static final Map<String, Map<String, Recipe>> RECIPES = Map.of(
            Nb201Space.NAME, new Kinds()
                    .add(XGBOOST, (space, xgboost) -> Nb201Predictors.xgboost(xgboost))
                    .add(XGBOOST_ENSEMBLE, (space, xgboost) -> Nb201Predictors.xgboostEnsemble(xgboost))
                    .add(MLP, (space, xgboost) -> Nb201Predictors.mlp())
                    .add(MLP_PRETRAINED, (space, xgboost) -> Nb201Predictors.mlpPretrained())
                    .add(GCN, (space, xgboost) -> Nb201Predictors.gcn())
                    .build(),
            MobileNetSpace.NAME, new Kinds()
                    .add(XGBOOST, (space, xgboost) -> MobileNetPredictors.xgboost(mobilenet(space), xgboost))
                    .add(XGBOOST_ENSEMBLE, (space, xgboost) -> MobileNetPredictors.xgboostEnsemble(mobilenet(space), xgboost))
                    .build());

    /** The registered kind names of each search space (by space name), in documentation order. */
    public static final Map<String, List<String>> NAMES_BY_SPACE = namesBySpace();

    private PredictorKinds() {
    }

    /**
     * The trainer of {@code kind} for {@code space}.
     *
     * @param xgboost the shape of the XGBoost kinds' boosters
     * @throws IllegalArgumentException naming the kind (and the known ones) or the space
     */
    public static PredictorTrainer byKind(SearchSpace space, String kind, XgboostSettings xgboost) {
        if (space == null) {
            throw new IllegalArgumentException("predictor kinds need a search space");
        }
        Map<String, Recipe> kinds = recipes(space);
        Recipe recipe = kinds.get(kind == null ? "" : kind);
        if (recipe == null) {
            // the NB201 message predates the other spaces and names none; kept as it was
            String where = Nb201Space.NAME.equals(space.name()) ? "" : " for the " + space.name() + " space";
            throw new IllegalArgumentException("unknown predictor kind '" + kind + "'" + where + " (known: "
                    + String.join(", ", kinds.keySet()) + ")");
        }
        return recipe.build(space, xgboost);
    }

    /** The kind names {@link #byKind} accepts for {@code space}, in documentation order. */
    public static List<String> names(SearchSpace space) {
        if (space == null) {
            throw new IllegalArgumentException("predictor kinds need a search space");
        }
        recipes(space);
        return NAMES_BY_SPACE.get(space.name());
    }

    private static Map<String, Recipe> recipes(SearchSpace space) {
        Map<String, Recipe> kinds = RECIPES.get(space.name());
        if (kinds == null) {
            throw new IllegalArgumentException("no predictor kinds for search space '" + space.name() + "'");
        }
        return kinds;
    }

    private static MobileNetSpace mobilenet(SearchSpace space) {
        if (space instanceof MobileNetSpace mobilenet) {
            return mobilenet;
        }
        throw new IllegalArgumentException("the " + MobileNetSpace.NAME + " predictor kinds need a MobileNetSpace, got "
                + space.getClass().getName());
    }

    private static Map<String, List<String>> namesBySpace() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        RECIPES.keySet().stream().sorted().forEach(space -> names.put(space, List.copyOf(RECIPES.get(space).keySet())));
        return Collections.unmodifiableMap(names);
    }

    /** One space's kinds, kept in the order they are added. */
    private static final class Kinds {
        private final Map<String, Recipe> byName = new LinkedHashMap<>();

        Kinds add(String name, Recipe recipe) {
            byName.put(name, recipe);
            return this;
        }

        Map<String, Recipe> build() {
            return Collections.unmodifiableMap(byName);
        }
    }
}
