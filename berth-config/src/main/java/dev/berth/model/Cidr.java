package dev.berth.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 CIDR block in canonical form (no host bits set). */
public record Cidr(long network, int prefix) {

    private static final Pattern SHAPE = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /**
     * Parses {@code a.b.c.d/p}.
     *
     * @return the block, or empty with the reason in {@code why[0]}
     */
    public static Optional<Cidr> parse(String text, String[] why) {
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            why[0] = "expected an IPv4 CIDR like 10.0.0.0/16; got '" + text + "'";
            return Optional.empty();
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                why[0] = "expected an IPv4 CIDR like 10.0.0.0/16; octet " + octet + " is over 255 in '" + text + "'";
                return Optional.empty();
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            why[0] = "expected a prefix length up to 32; got /" + prefix;
            return Optional.empty();
        }
        long mask = mask(prefix);
        if ((address & ~mask & 0xFFFFFFFFL) != 0) {
            why[0] = "host bits are set in '" + text + "'; did you mean " + format(address & mask) + "/" + prefix + "?";
            return Optional.empty();
        }
        return Optional.of(new Cidr(address, prefix));
    }

    public boolean overlaps(Cidr other) {
        int shorter = Math.min(prefix, other.prefix);
        long mask = mask(shorter);
        return (network & mask) == (other.network & mask);
    }

    /** Whether the block lies in 10/8, 172.16/12 or 192.168/16 (RFC 1918). */
    public boolean isPrivate() {
        return within(0x0A000000L, 8) || within(0xAC100000L, 12) || within(0xC0A80000L, 16);
    }

    private boolean within(long base, int basePrefix) {
        return prefix >= basePrefix && (network & mask(basePrefix)) == base;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
