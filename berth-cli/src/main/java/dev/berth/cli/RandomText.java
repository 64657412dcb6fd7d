package dev.berth.cli;

import java.security.SecureRandom;

/** Random letters and digits: a value that goes into a header or a URL as it is, as CloudFormation generates them. */
public final class RandomText {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomText() {
    }

    public static String lettersAndDigits(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }
}
