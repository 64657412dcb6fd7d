package dev.berth.notejam.user;

import java.util.Optional;

/** What makes a password acceptable: long enough, not one kind of character, not the email. */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;

    private PasswordPolicy() {
    }

    /** Why the password is too weak, or empty when it is acceptable. */
    public static Optional<String> weakness(String password, String email) {
        if (password.length() < MIN_LENGTH) {
            return Optional.of("Password is too weak: use at least " + MIN_LENGTH + " characters");
        }
        boolean letters = password.chars().anyMatch(Character::isLetter);
        boolean others = password.chars().anyMatch(c -> !Character.isLetter(c));
        if (!letters || !others) {
            return Optional.of("Password is too weak: mix letters with digits or symbols");
        }
        if (email != null && password.equalsIgnoreCase(email)) {
            return Optional.of("Password is too weak: it must differ from your email");
        }
        return Optional.empty();
    }
}
