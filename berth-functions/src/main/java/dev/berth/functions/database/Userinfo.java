package dev.berth.functions.database;

import java.nio.charset.StandardCharsets;

/**
 * A user name or password as the userinfo of a URL (RFC 3986, 3.2.1): every byte of its UTF-8 but the unreserved
 * characters percent-encoded. Generated passwords are letters and digits, left as they are; anything else, a ':' or
 * an '@' above all, would otherwise end the user or the userinfo early.
 */
final class Userinfo {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Userinfo() {}

    static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return encoded.toString();
    }
}
