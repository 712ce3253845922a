package dev.cohort.groupcommit;

/**
 * How a {@link GroupCommit} is shaped.
 *
 * @param name          names the lanes' threads ({@code name-0}, {@code name-1}, …) and the engine in logs
 * @param lanes         writer threads; an item's lane follows from its key, so items of one key keep their order
 * @param queueCapacity items waiting per lane before new ones are refused (SERVER_BUSY)
 * @param maxBatch      most items handed to one {@link BatchHandler#write}
 */
public record GroupCommitSettings(String name, int lanes, int queueCapacity, int maxBatch) {

    public GroupCommitSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a group commit needs a name");
        }
        if (lanes < 1 || queueCapacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException(
                    "lanes, queue capacity and batch size must be at least 1: " + lanes + ", " + queueCapacity
                            + ", " + maxBatch);
        }
    }
}
