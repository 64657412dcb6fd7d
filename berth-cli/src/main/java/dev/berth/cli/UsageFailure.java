package dev.berth.cli;

/** A mistake of the user's (configuration, arguments, missing credentials): reported in one clear line, exit 2. */
public final class UsageFailure extends RuntimeException {

    public UsageFailure(String message) {
        super(message);
    }
}
