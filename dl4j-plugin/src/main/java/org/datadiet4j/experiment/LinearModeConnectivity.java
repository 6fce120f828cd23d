package org.datadiet4j.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.datadiet4j.data.ExampleIdIterator;
import org.datadiet4j.data.Examples;
import org.datadiet4j.internal.sampling.RandomIds;
import org.datadiet4j.datasets.DataSource;
import org.datadiet4j.listeners.El2nListener;
import org.datadiet4j.models.ModelKind;
import org.datadiet4j.pruning.PruningPolicy;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linear mode connectivity per data subset, the instability analysis of Frankle, Dziugaite, Roy and
 * Carbin (ICML 2020) as Paul, Ganguli and Dziugaite (NeurIPS 2021, §4.2) apply it to EL2N: one parent
 * network is trained on all training examples and copied (parameters and updater state) after each
 * spawn epoch t (0 = at initialisation); for each t and subset S two children start from that copy and
 * train E epochs on S in two different data orders; loss and error are then measured along the straight
 * line between the two children ({@link ModeConnectivity}) and summarised by the barrier
 * ({@link LinearPath#barrier}). The earliest t with a barrier near zero is when training on S has
 * become stable.
 *
 * <p>Subsets: {@code all}; {@code low-el2n} and {@code high-el2n}, the fraction f of the training
 * examples with the lowest / highest EL2N (k = round(f·N), ties to the lower id). EL2N comes from a
 * score table or from the parent itself, scored after a chosen epoch. Data orders: the parent uses the
 * seed S, the two children S + 1 and S + 2 (the same pair for every t and subset); the weights of all
 * three come from the parent's initialisation with seed S. Splits measured: {@code train}, the
 * subset's own examples (what the children fitted), and {@code test}; each a seeded uniform sample of
 * at most a given number of examples, the same sample for every t.
 */
public final class LinearModeConnectivity {

    private static final Logger log = LoggerFactory.getLogger(LinearModeConnectivity.class);

    /** The subsets a run can measure. */
    public static final List<String> SUBSETS = List.of("all", "low-el2n", "high-el2n");

    /** Starts a progress display for a number of training iterations. */
    @FunctionalInterface
    public interface ProgressFactory {
        TrainingListener start(String label, long iterations);
    }

    /**
     * @param spawnEpochs    ascending, distinct, ≥ 0
     * @param subsets        names from {@link #SUBSETS}
     * @param subsetFraction f in (0, 1) for the EL2N subsets
     * @param points         points on each path, ≥ 2
     * @param evalLimit      at most this many examples per measured split
     * @param el2n           EL2N by example id from a score table, or null to score the parent
     * @param scoreEpoch     the parent's epoch whose EL2N defines the subsets when {@code el2n} is null
     */
    public record Settings(ModelKind model, long seed, int batchSize, int[] spawnEpochs, int childEpochs,
                           List<String> subsets, double subsetFraction, int points, int evalLimit, float[] el2n,
                           int scoreEpoch) {

        boolean needsEl2n() {
            return subsets.stream().anyMatch(s -> !s.equals("all"));
        }
    }

    /** Loss and error of one point of one path. */
    public record PathPoint(int spawnEpoch, String subset, String split, double alpha, LossAndError value) {
    }

    /** The barriers of one path and the two children at its ends. */
    public record Barrier(int spawnEpoch, String subset, String split, double errorBarrier, double lossBarrier,
                          double errorAboveChord, double lossAboveChord, LossAndError firstChild,
                          LossAndError secondChild) {
    }

    /** Every point, every barrier, and where EL2N came from. */
    public record Result(List<PathPoint> points, List<Barrier> barriers, String el2nSource) {
    }

    private LinearModeConnectivity() {
    }

    /** Runs the whole protocol; {@code test} is the held-out split. */
    public static Result run(DataSource.Loaded train, DataSource.Loaded test, Settings settings,
                             ProgressFactory progress) {
        Examples examples = train.examples();
        MultiLayerNetwork parent = settings.model().build(examples.width(), train.height(), examples.numClasses(),
                settings.seed());
        boolean scoreParent = settings.needsEl2n() && settings.el2n() == null;
        int lastSpawn = settings.spawnEpochs()[settings.spawnEpochs().length - 1];
        int parentEpochs = scoreParent ? Math.max(lastSpawn, settings.scoreEpoch()) : lastSpawn;
        parent.setListeners(progress.start("parent", (long) parentEpochs * batches(examples.size(), settings)));
        El2nListener el2nListener = scoreParent
                ? El2nListener.builder(examples).atEpochs(settings.scoreEpoch()).build() : null;
        float[] el2n = settings.el2n();
        Map<Integer, MultiLayerNetwork> snapshots = new TreeMap<>();
        ExampleIdIterator parentOrder = examples.shuffledIterator(settings.batchSize(), settings.seed());
        for (int epoch = 0; epoch <= parentEpochs; epoch++) {
            if (contains(settings.spawnEpochs(), epoch)) {
                snapshots.put(epoch, parent.clone());
            }
            if (scoreParent && epoch == settings.scoreEpoch()) {
                el2n = el2nListener.scoreNow(parent, epoch);
            }
            if (epoch < parentEpochs) {
                parent.fit(parentOrder);
            }
        }
        Map<String, int[]> subsets = subsets(examples, el2n, settings);
        long childIterations = 0;
        for (int[] ids : subsets.values()) {
            childIterations += 2L * settings.childEpochs() * batches(ids.length, settings) * snapshots.size();
        }
        TrainingListener childProgress = progress.start("children", childIterations);
        ModeConnectivity.Split testSplit = sample("test", test.examples(), allIds(test.examples().size()), settings);
        double[] alphas = LinearPath.alphas(settings.points());
        List<PathPoint> points = new ArrayList<>();
        List<Barrier> barriers = new ArrayList<>();
        for (Map.Entry<Integer, MultiLayerNetwork> spawn : snapshots.entrySet()) {
            for (Map.Entry<String, int[]> subset : subsets.entrySet()) {
                MultiLayerNetwork first = child(spawn.getValue(), examples, subset.getValue(), settings.seed() + 1,
                        settings, childProgress);
                MultiLayerNetwork second = child(spawn.getValue(), examples, subset.getValue(), settings.seed() + 2,
                        settings, childProgress);
                ModeConnectivity.Split[] splits = {sample("train", examples, subset.getValue(), settings), testSplit};
                LossAndError[][] measured = ModeConnectivity.alongPath(first, second, alphas, splits);
                for (int s = 0; s < splits.length; s++) {
                    double[] errors = new double[alphas.length];
                    double[] losses = new double[alphas.length];
                    for (int k = 0; k < alphas.length; k++) {
                        points.add(new PathPoint(spawn.getKey(), subset.getKey(), splits[s].name(), alphas[k],
                                measured[s][k]));
                        errors[k] = measured[s][k].error();
                        losses[k] = measured[s][k].loss();
                    }
                    Barrier barrier = new Barrier(spawn.getKey(), subset.getKey(), splits[s].name(),
                            LinearPath.barrier(errors), LinearPath.barrier(losses),
                            LinearPath.heightAboveChord(errors), LinearPath.heightAboveChord(losses), measured[s][0],
                            measured[s][alphas.length - 1]);
                    barriers.add(barrier);
                    log.info(String.format(Locale.ROOT, "spawned after epoch %d, subset %s, %s: error barrier %.4f"
                                    + " (above the chord %.4f), loss barrier %.4f (children's errors %.4f, %.4f)",
                            barrier.spawnEpoch(), barrier.subset(), barrier.split(), barrier.errorBarrier(),
                            barrier.errorAboveChord(), barrier.lossBarrier(), barrier.firstChild().error(),
                            barrier.secondChild().error()));
                }
            }
        }
        String source = !settings.needsEl2n() ? "not used" : settings.el2n() != null ? "score table"
                : "parent after epoch " + settings.scoreEpoch();
        return new Result(points, barriers, source);
    }

    /** A copy of {@code snapshot} trained E epochs on {@code ids} in the order the seed gives. */
    private static MultiLayerNetwork child(MultiLayerNetwork snapshot, Examples examples, int[] ids, long orderSeed,
                                           Settings settings, TrainingListener progress) {
        MultiLayerNetwork child = snapshot.clone();
        ExampleIdIterator order = examples.shuffledIterator(settings.batchSize(), orderSeed);
        order.keepOnly(ids);
        child.setListeners(progress);
        child.fit(order, settings.childEpochs());
        return child;
    }

    /** The ids of each chosen subset, in the order the settings name them. */
    static Map<String, int[]> subsets(Examples examples, float[] el2n, Settings settings) {
        Map<String, int[]> subsets = new LinkedHashMap<>();
        for (String name : settings.subsets()) {
            PruningPolicy policy = switch (name) {
                case "all" -> null;
                case "low-el2n" -> new PruningPolicy.Easiest();
                case "high-el2n" -> new PruningPolicy.Hardest();
                default -> throw new IllegalArgumentException("unknown subset '" + name + "'; known: " + SUBSETS);
            };
            subsets.put(name, policy == null ? allIds(examples.size())
                    : policy.select(el2n, examples.labels(), examples.numClasses(), settings.subsetFraction()));
        }
        return subsets;
    }

    /** A seeded uniform sample of at most {@code evalLimit} of the given ids, ascending. */
    private static ModeConnectivity.Split sample(String name, Examples examples, int[] ids, Settings settings) {
        int[] picks = RandomIds.sample(ids.length, settings.evalLimit(), settings.seed());
        int[] chosen = new int[picks.length];
        for (int i = 0; i < picks.length; i++) {
            chosen[i] = ids[picks[i]];
        }
        Arrays.sort(chosen);
        return ModeConnectivity.Split.of(name, examples, chosen);
    }

    private static int[] allIds(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    private static long batches(int examples, Settings settings) {
        return (examples + settings.batchSize() - 1) / settings.batchSize();
    }

    private static boolean contains(int[] values, int value) {
        return Arrays.stream(values).anyMatch(v -> v == value);
    }
}
