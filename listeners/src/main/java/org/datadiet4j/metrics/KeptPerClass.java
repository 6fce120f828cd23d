package org.datadiet4j.metrics;

import org.datadiet4j.data.ExampleIdIterator;

/** Per-class counts of the examples the iterator's current pass visits, recounted once per pass. */
final class KeptPerClass {

    private final ExampleIdIterator iterator;
    private int pass = -1;
    private int[] counts;

    KeptPerClass(ExampleIdIterator iterator) {
        this.iterator = iterator;
    }

    synchronized int[] get() {
        int now = iterator.pass();
        if (now != pass) {
            int[] fresh = new int[iterator.examples().numClasses()];
            for (int id : iterator.visiting()) {
                fresh[iterator.examples().label(id)]++;
            }
            counts = fresh;
            pass = now;
        }
        return counts;
    }
}
