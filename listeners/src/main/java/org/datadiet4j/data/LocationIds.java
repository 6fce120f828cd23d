package org.datadiet4j.data;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Example ids keyed by where each example comes from: DataVec's {@code RecordMetaData.getLocation()}
 * (file and line, file, record index), which {@code RecordReaderDataSetIterator} attaches to each
 * example with {@code setCollectMetaData(true)}. Ids are assigned in the order of the first pass; later
 * passes may visit the examples in any order. Keys are 64-bit hashes of the location in an
 * open-addressing table (13 bytes per slot at a load of at most one half: 26 to 52 bytes per example); two examples with the same location (or, with
 * probability about N²/2⁶⁵, the same hash) are refused when the table is built.
 *
 * <p>Read by reflection, so this library needs no DataVec dependency.
 */
final class LocationIds {

    private long[] keys = new long[1024];
    private int[] ids = new int[1024];
    private boolean[] used = new boolean[1024];
    private int size;
    private transient Class<?> metaClass;
    private transient Method getLocation;

    /** True when every example of the batch carries a DataVec record location. */
    static boolean hasLocations(List<Serializable> metaData, int rows) {
        if (metaData == null || metaData.size() != rows || rows == 0) {
            return false;
        }
        for (Object meta : metaData) {
            if (meta == null || locationMethod(meta.getClass()) == null) {
                return false;
            }
        }
        return true;
    }

    private static Method locationMethod(Class<?> type) {
        try {
            Method method = type.getMethod("getLocation");
            return method.getReturnType() == String.class ? method : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Records the next id for each example of a first-pass batch; returns those ids. */
    int[] assign(List<Serializable> metaData) {
        int[] assigned = new int[metaData.size()];
        for (int row = 0; row < assigned.length; row++) {
            String location = location(metaData.get(row));
            long key = hash(location);
            if (slotOf(key) >= 0) {
                throw new IllegalArgumentException("two examples come from the same location " + location
                        + ": ids by record location need every example to have its own");
            }
            put(key, size);
            assigned[row] = size - 1;
        }
        return assigned;
    }

    /** The ids of a later pass's batch; fails for an example the first pass did not have. */
    int[] lookup(List<Serializable> metaData) {
        if (metaData == null || metaData.size() == 0) {
            throw new IllegalStateException("a batch came without its record metadata: keep collectMetaData(true)"
                    + " on the iterator for as long as it is wrapped");
        }
        int[] found = new int[metaData.size()];
        for (int row = 0; row < found.length; row++) {
            String location = location(metaData.get(row));
            int slot = slotOf(hash(location));
            if (slot < 0) {
                throw new IllegalStateException("the example from " + location + " was not in the iterator's first"
                        + " pass: the wrapped iterator must visit the same examples every pass");
            }
            found[row] = ids[slot];
        }
        return found;
    }

    private String location(Object meta) {
        if (meta.getClass() != metaClass) {
            getLocation = locationMethod(meta.getClass());
            metaClass = meta.getClass();
            if (getLocation == null) {
                throw new IllegalStateException("example metadata of type " + metaClass.getName() + " has no"
                        + " getLocation(): ids by record location need DataVec's RecordMetaData");
            }
        }
        try {
            return (String) getLocation.invoke(meta);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("reading the record location of " + meta + " failed", e);
        }
    }

    /** FNV-1a over the characters, then a final mix. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    private int slotOf(long key) {
        int mask = keys.length - 1;
        for (int slot = (int) key & mask; used[slot]; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return slot;
            }
        }
        return -1;
    }

    private void put(long key, int id) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int slot = (int) key & mask;
        while (used[slot]) {
            slot = (slot + 1) & mask;
        }
        used[slot] = true;
        keys[slot] = key;
        ids[slot] = id;
        size++;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldIds = ids;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        size = 0;
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldUsed[slot]) {
                put(oldKeys[slot], oldIds[slot]);
            }
        }
    }

    /** Number of examples recorded. */
    int size() {
        return size;
    }
}
