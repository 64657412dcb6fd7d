package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spring's AOT code was generated with no profile active: a run asking for one (redis sessions), or given a
 * CACHE_SECRET that turns the redis profile on, must not use it, or its profile's beans would silently be missing.
 * The packaged jar's AOT start is tested by berth up's test.
 */
class SpringAotChoiceTest {

    @Test
    void aProfileOnTheCommandLineStartsTheRegularWay() {
        assertThat(NotejamApplication.springAotFits(new String[] {"--spring.profiles.active=redis"}, Map.of())).isFalse();
    }

    @Test
    void aProfileInTheEnvironmentStartsTheRegularWay() {
        assertThat(NotejamApplication.springAotFits(new String[0], Map.of("SPRING_PROFILES_ACTIVE", "redis"))).isFalse();
    }

    @Test
    void aCacheSecretStartsTheRegularWay() {
        assertThat(NotejamApplication.springAotFits(new String[0], Map.of("CACHE_SECRET", "{\"host\":\"h\"}"))).isFalse();
        assertThat(NotejamApplication.springAotFits(new String[] {"--CACHE_SECRET={\"host\":\"h\"}"}, Map.of())).isFalse();
    }
}
