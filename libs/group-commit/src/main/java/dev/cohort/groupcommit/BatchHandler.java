package dev.cohort.groupcommit;

import java.util.List;

/**
 * What a {@link GroupCommit} does with a batch: the rules of the service that plugs it in. The engine calls it on
 * a lane's thread, one batch at a time per lane, with the items in the order they were offered to that lane.
 *
 * @param <T> an item, typically a request plus the future that answers its caller
 * @param <R> what a written batch hands to {@link #committed}, e.g. each item's outcome
 */
public interface BatchHandler<T, R> {

    /**
     * Writes {@code batch} as one unit (one transaction): all of it, or, by throwing, none of it. A throw makes the
     * engine write the batch's items again one by one, so this must not have answered any caller yet. The list
     * belongs to the engine and is reused once this returns: read it, do not keep or change it.
     */
    R write(List<T> batch);

    /**
     * {@code batch} was written ({@code result} is what {@link #write} returned): answer its callers, tell others.
     * A throw here is logged and nothing is retried, since the batch is already written.
     */
    void committed(List<T> batch, R result);

    /** {@code item} failed when written on its own: answer its caller with {@code failure}. */
    void failed(T item, RuntimeException failure);
}
