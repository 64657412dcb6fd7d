package dev.berth.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ALB path patterns as Kong route paths: the paths themselves, and on sample paths Kong matching each converted
 * path exactly where the load balancer matches the pattern.
 */
class KongPathTest {

    /**
     * The load balancer's match: the whole path, case-sensitively; '*' any run of characters (none included, '/'
     * included), '?' exactly one.
     */
    static boolean albMatches(String pattern, String path) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(path).matches();
    }

    /**
     * Kong's match of one route path: a prefix path as a prefix; a regex path (after '~') anchored at the start,
     * as kong/router/transform.lua path_val_transform makes it ("^" prepended), not at the end.
     */
    static boolean kongMatches(String kongPath, String path) {
        if (kongPath.startsWith("~")) {
            return Pattern.compile("^" + kongPath.substring(1)).matcher(path).find();
        }
        return path.startsWith(kongPath);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /api/*           | ~/api/
            /api*            | ~/api
            /api             | ~/api$
            /                | ~/$
            /*               | ~/
            *                | ~/
            /api/**          | ~/api/
            /a?c             | ~/a.c$
            /v?/*            | ~/v./
            ?api/*           | ~/api/
            *.png            | ~/.*\\.png$
            *?               | ~/
            */api/*          | ~/(?:.*/)?api/
            /x/*/y           | ~/x/.*/y$
            /v1.0/$x+y       | ~/v1\\.0/\\$x\\+y$
            /a~b_c-d@e:f&g'h | ~/a~b_c-d@e:f&g'h$
            """)
    void albPatternsBecomeTheseKongPaths(String pattern, String kongPath) {
        assertThat(KongConfiguration.kongPath(pattern)).isEqualTo(kongPath);
    }

    static final List<String> PATTERNS = List.of("/api/*", "/api*", "/api", "/", "/*", "*", "/a?c", "/v?/*", "?api/*",
            "*.png", "*?", "*/api/*", "*/api", "/x/*/y", "/v1.0/$x+y", "/static/*/img/?.gif", "*?api", "/a/*/*");

    static final List<String> PATHS = List.of("/", "/api", "/api/", "/api/v1/users", "/apix", "/API/x", "/abc",
            "/a/c", "/ac", "/v1/x", "/v12/x", "/v/", "/logo.png", "/img/a.png", "/a.png.txt", "/x/y",
            "/x/a/b/y", "/x/a/y/z", "/v1.0/$x+y", "/v1x0/$x+y", "/v1.0/$xxy", "/static/a/img/1.gif",
            "/static/img/1.gif", "/zapi", "/a/b/c", "/a/b", "/foo/api/bar", "/foo/api", "/api.png");

    @Test
    void kongMatchesWhatTheLoadBalancerMatches() {
        for (String pattern : PATTERNS) {
            String kongPath = KongConfiguration.kongPath(pattern);
            for (String path : PATHS) {
                assertThat(kongMatches(kongPath, path)).as(pattern + " (" + kongPath + ") on " + path)
                        .isEqualTo(albMatches(pattern, path));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/*", "x*", "/a//b", "//*", "/ünï", "/a b", "/a%20b", "/a\\b", "/a#b", "/a[b]", ""})
    void patternsKongCannotMatchOrTheLoadBalancerCannotHaveAreRefused(String pattern) {
        assertThatThrownBy(() -> KongConfiguration.kongPath(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + pattern + "'");
    }

    @Test
    void aPatternIsAtMost128Characters() {
        String longest = "/" + "a".repeat(126) + "*";
        assertThat(KongConfiguration.kongPath(longest)).isEqualTo("~/" + "a".repeat(126));
        assertThatThrownBy(() -> KongConfiguration.kongPath(longest + "*")).isInstanceOf(IllegalArgumentException.class);
    }
}
