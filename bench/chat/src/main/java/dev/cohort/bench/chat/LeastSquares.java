package dev.cohort.bench.chat;

/**
 * The straight line y = intercept + slope·x closest to a series of points (ordinary least squares): how fast the
 * heap after GC grows over a long run, noise averaged out rather than read from the first and last sample.
 */
record LeastSquares(double slope, double intercept, int points) {

    static LeastSquares fit(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " and " + y.length);
        }
        int n = x.length;
        if (n < 2) {
            return new LeastSquares(0, n == 1 ? y[0] : 0, n);
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += x[i];
            meanY += y[i];
        }
        meanX /= n;
        meanY /= n;
        double covariance = 0;
        double varianceX = 0;
        for (int i = 0; i < n; i++) {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            varianceX += (x[i] - meanX) * (x[i] - meanX);
        }
        if (varianceX == 0) {
            return new LeastSquares(0, meanY, n);
        }
        double slope = covariance / varianceX;
        return new LeastSquares(slope, meanY - slope * meanX, n);
    }
}
