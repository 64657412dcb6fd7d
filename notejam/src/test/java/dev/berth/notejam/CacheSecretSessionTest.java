package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CACHE_SECRET, the JSON ECS injects when a service declares its environment's cache, is all the app needs to keep
 * its sessions in Redis over TLS with the auth token: no profile to set. The Redis is Debian's redis-server speaking
 * TLS only, as ElastiCache with encryption in transit, with a certificate from the test's own authority, which the
 * app is given as an SSL bundle (ElastiCache's chain to a public authority the JDK trusts needs none).
 */
@ExtendWith(OutputCaptureExtension.class)
class CacheSecretSessionTest {

    static final String TOKEN = "Tok3nOfLettersAndDigits42";

    static Path directory;
    static ServerCertificate certificate;
    static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        assumeTrue(RedisServer.available() && ServerCertificate.available(),
                "Redis sessions over TLS need Debian's redis-server with TLS and openssl (apt-get install redis-server)");
        directory = Files.createTempDirectory("notejam-redis-tls");
        certificate = ServerCertificate.issue(directory, "DNS:localhost", "IP:127.0.0.1");
        // Also on 127.0.0.2, an address the certificate does not name.
        redis = RedisServer.tls(directory, certificate, TOKEN, "127.0.0.1", "127.0.0.2");
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void twoAppInstancesShareOneSessionKeptInRedisOverTls(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext first = start(secret("127.0.0.1", TOKEN))) {
            Browser browser = new Browser(port(first));
            assertThat(browser.get("/actuator/health/readiness").status()).as("ready: Redis answers").isEqualTo(200);
            String email = AcceptanceTest.newEmail();
            browser.submit("/signup", "form[action=/signup]",
                    Map.of("email", email, "password", AcceptanceTest.PASSWORD, "repeatPassword", AcceptanceTest.PASSWORD));
            assertThat(browser.submit("/signin", "form[action=/signin]",
                    Map.of("email", email, "password", AcceptanceTest.PASSWORD)).text()).contains("All notes (0)");

            String session = browser.cookie("SESSION");
            String sessionId = new String(Base64.getDecoder().decode(session), StandardCharsets.US_ASCII);
            assertThat(first.getBean(StringRedisTemplate.class).hasKey("notejam:session:sessions:" + sessionId)).isTrue();
            DataSource database = first.getBean(DataSource.class);
            assertThat(JdbcClient.create(database).sql("SELECT count(*) FROM spring_session").query(Integer.class).single())
                    .as("no session in PostgreSQL with CACHE_SECRET").isZero();

            // A second instance on the same database and Redis knows the session: the load balancer may pick either.
            try (ConfigurableApplicationContext second = start(secret("127.0.0.1", TOKEN),
                    "--spring.datasource.url=" + database.unwrap(HikariDataSource.class).getJdbcUrl(),
                    "--spring.datasource.username=postgres")) {
                Browser sameUserOnSecond = new Browser(port(second));
                sameUserOnSecond.copyCookie("SESSION", session);
                assertThat(sameUserOnSecond.open("/").text()).contains(email).contains("All notes (0)");
            }
        }
        assertThat(output.getAll()).contains("Sessions in Redis from CACHE_SECRET").doesNotContain(TOKEN);
    }

    /** What the app's sessions went through was TLS: the server it keeps them in answers nothing in clear. */
    @Test
    void theRedisServerAnswersNoPlainConnection() throws IOException {
        try (Socket plain = new Socket("127.0.0.1", redis.port())) {
            plain.setSoTimeout(5000);
            plain.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(plain.getInputStream()))
                    .as("a Redis with a password answers PING in clear with -NOAUTH").doesNotContain("NOAUTH")
                    .doesNotContain("PONG");
        }
    }

    @Test
    void aWrongTokenKeepsTheAppOutOfService(CapturedOutput output) {
        assertOutOfService(secret("127.0.0.1", "WrongToken1"));
        assertThat(output.getAll()).contains("WRONGPASS").doesNotContain("WrongToken1");
    }

    /** Hostname verification is on: 127.0.0.2 reaches the same server, but its certificate does not name it. */
    @Test
    void aCertificateThatDoesNotNameTheHostIsRefused(CapturedOutput output) {
        assertOutOfService(secret("127.0.0.2", TOKEN));
        assertThat(output.getAll()).contains("No subject alternative names matching IP address 127.0.0.2");
    }

    /** Never ready, so the load balancer sends it no one; a request that needs a session is answered 503. */
    private static void assertOutOfService(String cacheSecret) {
        try (ConfigurableApplicationContext app = start(cacheSecret)) {
            Browser browser = new Browser(port(app));
            assertThat(browser.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(browser.get("/signin").status()).isEqualTo(503);
        }
    }

    private static ConfigurableApplicationContext start(String cacheSecret, String... more) {
        // Command-line arguments: they outrank application.yaml, as the environment variables of a task do.
        List<String> arguments = new ArrayList<>(List.of(
                "--CACHE_SECRET=" + cacheSecret,
                "--spring.ssl.bundle.pem.test-authority.truststore.certificate=" + certificate.authority().toUri(),
                "--spring.data.redis.ssl.bundle=test-authority",
                "--server.port=0",
                "--notejam.embedded-postgres.data-directory=" + directory.resolve("postgres")));
        arguments.addAll(List.of(more));
        return new SpringApplicationBuilder(NotejamApplication.class).run(arguments.toArray(String[]::new));
    }

    /** The shape Berth writes: {@code url} repeats the rest, and the app reads the parts. */
    private static String secret(String host, String token) {
        return """
                {"host": "%s", "port": %d, "token": "%s", "tls": true, "url": "rediss://:%s@%s:%d"}"""
                .formatted(host, redis.port(), token, token, host, redis.port());
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketException reset) {
            return "";
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
