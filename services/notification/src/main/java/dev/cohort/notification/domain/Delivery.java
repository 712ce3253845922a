package dev.cohort.notification.domain;

/** How one kind reaches a person: shown in the app, sent by e-mail, both or neither. */
public record Delivery(boolean inApp, boolean email) {

    /** Neither: nothing is made. */
    public boolean none() {
        return !inApp && !email;
    }
}
