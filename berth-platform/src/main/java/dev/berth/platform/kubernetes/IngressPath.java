package dev.berth.platform.kubernetes;

import java.util.Objects;

/**
 * A Berth route (an ALB path pattern) as an Ingress path. An Ingress matches a path exactly or by its leading
 * segments, nothing else; so {@code /x/*} is the prefix {@code /x}, {@code /x} is exactly {@code /x}, and the default
 * route {@code /} (or {@code /*}) is the prefix {@code /}, which every request has and the longer prefixes win over.
 * A {@code *} or {@code ?} anywhere else has no Ingress equivalent.
 *
 * <p>The prefix {@code /x} also matches {@code /x} itself, which the ALB pattern {@code /x/*} does not: on Kubernetes
 * such a service answers one path more.
 *
 * @param path the Ingress path
 * @param pathType {@code Prefix} or {@code Exact}
 */
public record IngressPath(String path, String pathType) {

    /** The default route: every path no other route matches. */
    public static final String DEFAULT_ROUTE = "/";

    static final String PREFIX = "Prefix";
    static final String EXACT = "Exact";
    private static final String ANY_REST = "/*";

    public IngressPath {
        Objects.requireNonNull(path, "path");
        if (!PREFIX.equals(pathType) && !EXACT.equals(pathType)) {
            throw new IllegalArgumentException("an Ingress path is Prefix or Exact here; got " + pathType);
        }
    }

    /** Whether an Ingress can match what the pattern does (the config layer reports the others as errors). */
    public static boolean expressible(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            return false;
        }
        String fixed = pattern.endsWith(ANY_REST) ? pattern.substring(0, pattern.length() - ANY_REST.length()) : pattern;
        return fixed.indexOf('*') < 0 && fixed.indexOf('?') < 0;
    }

    /** The Ingress path of a route's pattern; IllegalArgumentException for one that is not {@link #expressible}. */
    public static IngressPath of(String pattern) {
        if (!expressible(pattern)) {
            throw new IllegalArgumentException("route '" + pattern + "' cannot be a Kubernetes Ingress path: on Kubernetes"
                    + " a route is a path (/health), a path and everything under it (/api/*) or the default route (/);"
                    + " '*' only as the last segment, no '?'");
        }
        if (pattern.equals(DEFAULT_ROUTE) || pattern.equals(ANY_REST)) {
            return new IngressPath(DEFAULT_ROUTE, PREFIX);
        }
        if (pattern.endsWith(ANY_REST)) {
            return new IngressPath(pattern.substring(0, pattern.length() - ANY_REST.length()), PREFIX);
        }
        return new IngressPath(pattern, EXACT);
    }
}
