package org.datadiet4j.scores;

/**
 * Velocity of a kernel (Paul et al., NeurIPS 2021, §4; Fort et al. 2020): how fast the
 * data-dependent neural tangent kernel Θ changes, v = (1 − cos(Θ_t, Θ_{t+Δ})) / Δ with the cosine
 * of the Frobenius inner product, ⟨A, B⟩ / (‖A‖‖B‖). 0 for a kernel that only rescales; per unit
 * of Δ (epochs or iterations, as the caller states).
 */
public final class KernelVelocity {

    private KernelVelocity() {
    }

    /** Velocity between two kernels given as row-major n×n arrays, over all entries. */
    public static double of(double[] earlier, double[] later, int n, double delta) {
        return (1 - cosine(earlier, later, n, null)) / delta;
    }

    /**
     * Velocity of the sub-kernel on {@code rows} (indices into 0..n-1, used for both rows and
     * columns): a group of probe examples' own kernel.
     */
    public static double of(double[] earlier, double[] later, int n, int[] rows, double delta) {
        return (1 - cosine(earlier, later, n, rows)) / delta;
    }

    /** cos(A, B) = ⟨A, B⟩_F / (‖A‖_F ‖B‖_F), over the sub-matrix rows × rows (all when null). */
    public static double cosine(double[] a, double[] b, int n, int[] rows) {
        if (a.length != (long) n * n || b.length != (long) n * n) {
            throw new IllegalArgumentException("kernels must be " + n + "x" + n);
        }
        double dot = 0;
        double aa = 0;
        double bb = 0;
        int m = rows == null ? n : rows.length;
        for (int r = 0; r < m; r++) {
            int i = rows == null ? r : rows[r];
            for (int c = 0; c < m; c++) {
                int j = rows == null ? c : rows[c];
                double x = a[i * n + j];
                double y = b[i * n + j];
                dot += x * y;
                aa += x * x;
                bb += y * y;
            }
        }
        return dot / Math.sqrt(aa * bb);
    }
}
