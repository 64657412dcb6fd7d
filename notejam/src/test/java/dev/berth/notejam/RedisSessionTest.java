package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/** With the redis profile, a real redis-server (Debian's) holds the sessions, so any task can serve any request. */
class RedisSessionTest {

    static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        assumeTrue(RedisServer.available(), "sessions in Redis need Debian's redis-server (apt-get install redis-server)");
        redis = RedisServer.plain(Files.createTempDirectory("notejam-redis"), "redis-pass-1");
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void twoAppInstancesShareOneSignedInSession() throws Exception {
        // Command-line arguments: they outrank application.yaml, as the environment variables of a task do.
        String[] arguments = {
            "--spring.profiles.active=redis",
            "--spring.data.redis.url=redis://:redis-pass-1@127.0.0.1:" + redis.port(),
            "--server.port=0",
            "--notejam.embedded-postgres.data-directory=" + Files.createTempDirectory("notejam-redis-pg")};
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(NotejamApplication.class).run(arguments)) {
            Browser browser = new Browser(port(first));
            String email = AcceptanceTest.newEmail();
            browser.submit("/signup", "form[action=/signup]",
                    Map.of("email", email, "password", AcceptanceTest.PASSWORD, "repeatPassword", AcceptanceTest.PASSWORD));
            assertThat(browser.submit("/signin", "form[action=/signin]",
                    Map.of("email", email, "password", AcceptanceTest.PASSWORD)).text()).contains("All notes (0)");

            String session = browser.cookie("SESSION");
            StringRedisTemplate redisTemplate = first.getBean(StringRedisTemplate.class);
            String sessionId = new String(java.util.Base64.getDecoder().decode(session));
            assertThat(redisTemplate.hasKey("notejam:session:sessions:" + sessionId)).isTrue();
            assertThat(org.springframework.jdbc.core.simple.JdbcClient.create(first.getBean(javax.sql.DataSource.class))
                    .sql("SELECT count(*) FROM spring_session").query(Integer.class).single())
                    .as("no session in PostgreSQL with the redis profile").isZero();

            // A second instance on the same database and Redis knows the session: the load balancer may pick either.
            try (ConfigurableApplicationContext second = new SpringApplicationBuilder(NotejamApplication.class)
                    .run(arguments[0], arguments[1], arguments[2],
                            "--spring.datasource.url=" + first.getBean(javax.sql.DataSource.class)
                                    .unwrap(com.zaxxer.hikari.HikariDataSource.class).getJdbcUrl(),
                            "--spring.datasource.username=postgres")) {
                Browser sameUserOnSecond = new Browser(port(second));
                sameUserOnSecond.copyCookie("SESSION", session);
                assertThat(sameUserOnSecond.open("/").text()).contains(email).contains("All notes (0)");
            }
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
