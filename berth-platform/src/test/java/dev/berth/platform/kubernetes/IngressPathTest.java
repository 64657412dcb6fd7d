package dev.berth.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Berth's routes (ALB path patterns) as Ingress paths, and the ones an Ingress cannot express. */
class IngressPathTest {

    @ParameterizedTest(name = "{0} is {2} {1}")
    @CsvSource({
            "/api/*, /api, Prefix",
            "/api/v1/*, /api/v1, Prefix",
            "/health, /health, Exact",
            "/api/v1/notes, /api/v1/notes, Exact",
            "/, /, Prefix",
            "/*, /, Prefix"})
    void aRouteIsAPrefixOrAnExactPath(String pattern, String path, String pathType) {
        assertThat(IngressPath.expressible(pattern)).isTrue();
        assertThat(IngressPath.of(pattern)).isEqualTo(new IngressPath(path, pathType));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api*", "/*/notes", "/api/*/notes/*", "/v?/graphql", "/api/v?", "*", "api/*", ""})
    void aWildcardAnywhereButTheLastSegmentIsRefused(String pattern) {
        assertThat(IngressPath.expressible(pattern)).isFalse();
        assertThatThrownBy(() -> IngressPath.of(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("route '" + pattern + "' cannot be a Kubernetes Ingress path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api*", "/v?/graphql"})
    void aServiceWithSuchARouteIsRefused(String pattern) {
        assertThatThrownBy(() -> Workload.Props.builder().name("api").image("api:1").route(pattern).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(pattern);
    }
}
