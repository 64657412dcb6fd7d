package dev.berth.platform.kubernetes;

import java.util.regex.Pattern;

/** The name rules Kubernetes checks at apply time, checked here already, where the message can say which input broke them. */
final class Names {

    /** RFC 1035 label: what a Service's name must be (a letter first), the strictest of the names made from it. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A C-like identifier: an environment variable every shell and runtime takes. */
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+");

    private Names() {
    }

    static String dnsLabel(String value, String what) {
        if (value == null || !DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a DNS label (a-z first, then a-z, 0-9 or '-', at most 63,"
                    + " not ending in '-'); got '" + value + "'");
        }
        return value;
    }

    static String variable(String value, String what) {
        if (value == null || !VARIABLE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a variable name (letters, digits, '_', not a digit first);"
                    + " got '" + value + "'");
        }
        return value;
    }

    static String dnsName(String value, String what) {
        if (value == null || value.length() > 253 || !DNS_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a lower-case DNS name of two labels or more; got '" + value + "'");
        }
        return value;
    }
}
