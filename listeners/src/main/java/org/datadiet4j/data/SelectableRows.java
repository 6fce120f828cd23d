package org.datadiet4j.data;

/**
 * A {@code DataSetIterator} that can leave rows out before decoding them: the id-stamping wrapper
 * ({@link ExampleIds#wrap}, ids by position) tells it which rows a pruned pass needs, so the pass skips
 * the others instead of parsing them and dropping them after. Optional: any iterator works without it.
 * The command line's CSV reader implements it.
 */
public interface SelectableRows {

    /**
     * From the next {@code reset()} on, return only the rows at these positions of a whole pass
     * (0-based, ascending, distinct), in that order; {@code null} returns every row again. The caller
     * never modifies the array afterwards, so an implementation may keep it without a copy.
     */
    void selectRows(int[] positions);
}
