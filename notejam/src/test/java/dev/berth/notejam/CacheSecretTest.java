package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.notejam.system.CacheSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** CACHE_SECRET, the JSON ECS injects from Secrets Manager, is where the app finds its environment's Redis. */
@ExtendWith(OutputCaptureExtension.class)
class CacheSecretTest {

    @Test
    void parsesTheSecretBerthWrites() {
        CacheSecret secret = CacheSecret.parse("""
                {"host": "master.notejam.abc123.euc1.cache.amazonaws.com", "port": 6379, "token": "Tok3nValue",
                 "tls": true, "url": "rediss://:Tok3nValue@master.notejam.abc123.euc1.cache.amazonaws.com:6379"}""");
        assertThat(secret).isEqualTo(
                new CacheSecret("master.notejam.abc123.euc1.cache.amazonaws.com", 6379, "Tok3nValue", true));
        assertThat(secret.toString()).doesNotContain("Tok3nValue");
    }

    @Test
    void aLocalRedisMaySayNoTls() {
        assertThat(CacheSecret.parse("{\"host\":\"localhost\",\"port\":6380,\"token\":\"t0k\",\"tls\":false}").tls()).isFalse();
    }

    @Test
    void namesWhatIsMissingButNeverAValue() {
        assertThatThrownBy(() -> CacheSecret.parse("{\"host\":\"redis.internal\",\"port\":6379}"))
                .hasMessage("CACHE_SECRET lacks token");
        assertThatThrownBy(() -> CacheSecret.parse("{\"token\":\"Tok3nValue\"}")).hasMessage("CACHE_SECRET lacks host");
        assertThatThrownBy(() -> CacheSecret.parse("Tok3nValue")).hasMessage("CACHE_SECRET is not JSON");
    }

    @Test
    void aSecretTheAppCannotUseStopsItsStart(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(NotejamApplication.class)
                .run("--CACHE_SECRET={\"host\":\"redis.internal\",\"tokn\":\"Tok3nValue\"}", "--server.port=0"))
                .hasMessage("CACHE_SECRET lacks token");
        assertThat(output.getAll()).doesNotContain("Tok3nValue");
    }
}
