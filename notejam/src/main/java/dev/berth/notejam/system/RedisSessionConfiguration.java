package dev.berth.notejam.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

/**
 * With the {@code redis} profile, sessions live in Redis (ElastiCache) instead of PostgreSQL; Boot's JDBC session
 * store steps aside because a session repository exists. Same 12 h idle timeout as the JDBC store. A
 * {@code CACHE_SECRET} turns the profile on ({@link CacheSecretEnvironmentPostProcessor}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("redis")
@EnableRedisHttpSession(maxInactiveIntervalInSeconds = 12 * 60 * 60, redisNamespace = "notejam:session")
public class RedisSessionConfiguration {
}
