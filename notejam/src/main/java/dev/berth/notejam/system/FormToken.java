package dev.berth.notejam.system;

import java.util.UUID;

/**
 * The one-time token of a create form: made when the form is shown, posted back with it, stored with the row it
 * creates. Posting the same form twice then creates once.
 */
public final class FormToken {

    private FormToken() {
    }

    /** A new token for a form about to be shown. */
    public static String next() {
        return UUID.randomUUID().toString();
    }

    /** The posted token, or null when the form carried none (or not one of ours): then nothing is deduplicated. */
    public static UUID parse(String posted) {
        if (posted == null || posted.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(posted.strip());
        } catch (IllegalArgumentException notAToken) {
            return null;
        }
    }
}
