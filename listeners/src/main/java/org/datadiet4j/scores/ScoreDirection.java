package org.datadiet4j.scores;

/**
 * Which way a score points. Pruning policies and the label-noise report rank "hardest" as highest; for
 * most scores (EL2N, GraNd, forgetting) that is the score itself, but a low area under the margin
 * ({@code aum}, {@link AreaUnderMargin}) is the suspicious end, so its hardness is −AUM.
 */
public final class ScoreDirection {

    private ScoreDirection() {
    }

    /** True for a column whose low values are the hard (suspicious) ones: {@code aum}, {@code aum_e<epoch>}. */
    public static boolean lowerIsHarder(String column) {
        return column.equals("aum") || column.startsWith("aum_e");
    }

    /** The values ordered so that higher is harder: negated for {@link #lowerIsHarder} columns, else as given. */
    public static float[] hardness(String column, float[] values) {
        if (!lowerIsHarder(column)) {
            return values;
        }
        float[] negated = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            negated[i] = -values[i];
        }
        return negated;
    }
}
