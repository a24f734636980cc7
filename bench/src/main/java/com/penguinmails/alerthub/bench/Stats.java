package com.penguinmails.alerthub.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Figures of a list of samples: nearest-rank percentiles, never interpolated past what was measured. */
final class Stats {

    private final List<Double> sorted;

    Stats(List<Double> samples) {
        this.sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
    }

    int count() {
        return sorted.size();
    }

    double min() {
        return sorted.get(0);
    }

    double max() {
        return sorted.get(sorted.size() - 1);
    }

    double median() {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest rank: the smallest sample with at least p % of the samples at or below it. */
    double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    double mean() {
        return sorted.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis >= 100 ? "%.0f ms" : "%.1f ms", millis);
    }

    static String num(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
