package dev.berth.notejam.system;

import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code CACHE_SECRET} (the environment's Redis, which ECS injects when a service declares the cache), sessions
 * live in Redis: this turns the {@code redis} profile on ({@link RedisSessionConfiguration}, application-redis.yaml)
 * and gives Spring Boot's Redis properties the secret's host, port, token and TLS, ahead of every other source, as
 * {@code DB_SECRET} wins over {@code spring.datasource.url}. Other Redis settings stay open, such as
 * {@code spring.data.redis.ssl.bundle} for a certificate authority the JDK does not trust.
 *
 * <p>Before the config data is read, so that the profile's file is: a profile turned on later would find its
 * beans but not its settings.
 */
public class CacheSecretEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    public CacheSecretEnvironmentPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(CacheSecretEnvironmentPostProcessor.class);
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER - 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String secretJson = environment.getProperty("CACHE_SECRET", "");
        if (secretJson.isBlank()) {
            return;
        }
        CacheSecret secret = CacheSecret.parse(secretJson);
        environment.addActiveProfile("redis");
        environment.getPropertySources().addFirst(new MapPropertySource("CACHE_SECRET", Map.of(
                "spring.data.redis.host", secret.host(),
                "spring.data.redis.port", secret.port(),
                "spring.data.redis.password", secret.token(),
                "spring.data.redis.ssl.enabled", secret.tls())));
        log.info("Sessions in Redis from CACHE_SECRET: " + secret);
    }
}
