package com.newsfeed.peers;

import java.util.SplittableRandom;

/**
 * Ids 1..n with P(k) proportional to 1/k^s: the popularity of news articles (s = 0.99, as YCSB's default skew).
 * A table of the cumulative distribution and a binary search: 100k doubles, about 17 steps a draw.
 */
final class Zipf {

    private final double[] cumulative;

    Zipf(int n, double s) {
        cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / Math.pow(k, s);
            cumulative[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
    }

    long next(SplittableRandom random) {
        double u = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < u) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low + 1;
    }
}
