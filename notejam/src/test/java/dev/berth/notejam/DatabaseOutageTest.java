package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL stopped under a running Notejam, then started again: requests that need it are answered within
 * 2 s with a 503 and Retry-After, readiness says DOWN within 5 s and UP within 2 s of its return, liveness never
 * changes, and nothing saved before the outage is lost.
 */
class DatabaseOutageTest {

    static Path data;
    static int databasePort;
    static EmbeddedPostgres postgres;
    static ConfigurableApplicationContext app;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        data = Files.createTempDirectory("notejam-outage-pg");
        try (ServerSocket socket = new ServerSocket(0)) {
            databasePort = socket.getLocalPort();
        }
        postgres = startPostgres();
        String secret = "{\"username\":\"postgres\",\"password\":\"unused\",\"host\":\"localhost\",\"port\":" + databasePort
                + ",\"dbname\":\"postgres\"}";
        app = new SpringApplicationBuilder(NotejamApplication.class)
                .run("--DB_SECRET=" + secret, "--notejam.database.sslmode=disable", "--server.port=0");
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    static EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(databasePort).start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void anOutageIsAnswered503FastReadinessFollowsItAndNothingIsLost() throws Exception {
        Browser browser = new Browser(port);
        String email = "outage@example.com";
        browser.submit("/signup", "form[action=/signup]", Map.of("email", email, "password", AcceptanceTest.PASSWORD,
                "repeatPassword", AcceptanceTest.PASSWORD));
        browser.submit("/signin", "form[action=/signin]", Map.of("email", email, "password", AcceptanceTest.PASSWORD));
        AcceptanceTest.createNote(browser, "Before the outage", "kept", null);
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);

        postgres.close();
        postgres = null;
        assertThat(waitFor("/actuator/health/readiness", code -> code == 503, Duration.ofSeconds(10)))
                .as("readiness DOWN after the database stopped").isLessThanOrEqualTo(Duration.ofSeconds(5));

        long start = System.nanoTime();
        Browser.Page page = browser.get("/", "text/html");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(Duration.ofMillis(2500));
        assertThat(page.status()).isEqualTo(503);
        assertThat(page.headers()).containsEntry("retry-after", "5");
        assertThat(page.body()).contains("cannot reach its database").contains("never saved twice");

        start = System.nanoTime();
        Browser.Page api = browser.get("/", "application/json");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(Duration.ofMillis(2500));
        assertThat(api.status()).isEqualTo(503);
        assertThat(api.headers().get("content-type")).startsWith("application/json");
        assertThat(api.body()).contains("\"status\":503");

        start = System.nanoTime();
        Browser.Page post = browser.post("/notes/create", Map.of("name", "During the outage", "text", "lost?"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(Duration.ofMillis(2500));
        assertThat(post.status()).isEqualTo(503);

        assertThat(status("/actuator/health/liveness")).as("liveness is the process, not the database").isEqualTo(200);

        postgres = startPostgres();
        assertThat(waitFor("/actuator/health/readiness", code -> code == 200, Duration.ofSeconds(10)))
                .as("readiness UP after the database returned").isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(browser.open("/").text()).contains("Before the outage").doesNotContain("During the outage");
    }

    private static int status(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Polls every 100 ms until the answer matches; how long that took (or throws past the limit). */
    private static Duration waitFor(String path, Predicate<Integer> wanted, Duration limit) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (wanted.test(status(path))) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " did not change within " + limit);
    }
}
