package org.datadiet4j.metrics;

import org.datadiet4j.data.ExampleIdIterator;

/** Per-class counts of the examples the iterator's current pass visits, recounted when they change. */
final class KeptPerClass {

    private final ExampleIdIterator iterator;
    private int stamp;
    private int[] counts;

    KeptPerClass(ExampleIdIterator iterator) {
        this.iterator = iterator;
    }

    synchronized int[] get() {
        int now = iterator.visitingStamp();
        if (counts == null || now != stamp) {
            int[] fresh = new int[iterator.examples().numClasses()];
            for (int id : iterator.visiting()) {
                fresh[iterator.examples().label(id)]++;
            }
            counts = fresh;
            stamp = now;
        }
        return counts;
    }
}
