package dev.cohort.moderation.domain;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Walks the audit log in sequence order and remembers the first entry that breaks the chain: a sequence that does
 * not follow the previous one (an entry removed), a previous hash that is not the previous entry's hash, or a hash
 * that does not match the entry's content (an entry altered). After the last entry, the log's head must name it.
 * With a checkpoint kept outside the database ({@link #anchorAt}), the log must also reach the checkpoint's entry
 * with the checkpoint's hash: removing the newest entries together with the head row is caught there.
 */
public final class ChainVerification {

    private long expectedSequence = 1;
    private byte[] previousHash = AuditChain.GENESIS;
    private long checked;
    private long firstBroken;
    private String problem = "";
    private AuditCheckpoint anchor;

    /** The newest checkpoint the walk must reach; call before the first entry. */
    public void anchorAt(AuditCheckpoint checkpoint) {
        this.anchor = checkpoint;
    }

    /** Checks the next entry; false once the chain is broken (later entries need not be read). */
    public boolean accept(ChainedEntry entry) {
        if (isBroken()) {
            return false;
        }
        checked++;
        if (entry.sequence() != expectedSequence) {
            return broken(expectedSequence, "entry " + expectedSequence + " is missing (found " + entry.sequence()
                    + " next)");
        }
        if (!MessageDigest.isEqual(entry.previousHash(), previousHash)) {
            return broken(entry.sequence(), "entry " + entry.sequence() + " does not follow the entry before it");
        }
        byte[] expected = AuditChain.hash(entry.sequence(), entry.record(), entry.recordedAt(), entry.previousHash());
        if (!MessageDigest.isEqual(expected, entry.hash())) {
            return broken(entry.sequence(), "entry " + entry.sequence() + " does not match its hash: it was altered");
        }
        if (anchor != null && entry.sequence() == anchor.sequence() && !MessageDigest.isEqual(anchor.hash(), entry.hash())) {
            return broken(entry.sequence(), "entry " + entry.sequence() + " is not the one the checkpoint of "
                    + anchor.takenAt() + " names: the log was rewritten up to it");
        }
        previousHash = entry.hash();
        expectedSequence++;
        return true;
    }

    /** Checks that the log's recorded head is the last entry read (entries removed from the end are caught here). */
    public void finish(long headSequence, byte[] headHash) {
        if (isBroken()) {
            return;
        }
        long last = expectedSequence - 1;
        if (anchor != null && last < anchor.sequence()) {
            broken(last + 1, "entries " + (last + 1) + " to " + anchor.sequence() + " are missing: the checkpoint of "
                    + anchor.takenAt() + " names entry " + anchor.sequence() + " (removed with the head)");
            return;
        }
        if (headSequence != last || !MessageDigest.isEqual(headHash, previousHash)) {
            broken(Math.min(headSequence, last) + 1, "the log's head is entry " + headSequence + " but the entries end at "
                    + last + ": entries were removed or added past the head");
        }
    }

    private boolean broken(long sequence, String what) {
        firstBroken = sequence;
        problem = what;
        return false;
    }

    public boolean isBroken() {
        return firstBroken != 0;
    }

    public long checked() {
        return checked;
    }

    public long firstBroken() {
        return firstBroken;
    }

    public String problem() {
        return problem;
    }

    /** The hash of the last entry that matched, in hex. */
    public String headHash() {
        return HexFormat.of().formatHex(previousHash);
    }
}
