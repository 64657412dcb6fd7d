package dev.berth.cli;

/** A mistake of the user's (configuration, arguments, missing credentials): reported in one clear line, exit 2. */
final class UsageFailure extends RuntimeException {

    UsageFailure(String message) {
        super(message);
    }
}
