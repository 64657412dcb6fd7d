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
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(Duration.ofMillis(2000));
        assertThat(page.status()).isEqualTo(503);
        assertThat(page.headers()).containsEntry("retry-after", "5");
        assertThat(page.body()).contains("cannot reach its database").contains("never saved twice");
        assertThat(page.headers().get("cache-control")).contains("no-store");
        // Styled as every page: its stylesheet by hashed name, in the CDN's export, and served without the database.
        assertThat(PublicAssets.linkedFrom(page.document())).singleElement().satisfies(stylesheet -> {
            assertThat(PublicAssets.exported()).containsKey(stylesheet);
            // Asked without the session cookie: with it, the request loads the session from the database, a 503. (Behind
            // CloudFront, /static/* never reaches the app.)
            assertThat(new Browser(port).get(stylesheet).status()).as("GET %s during the outage", stylesheet).isEqualTo(200);
        });

        start = System.nanoTime();
        Browser.Page api = browser.get("/", "application/json");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(Duration.ofMillis(2000));
        assertThat(api.status()).isEqualTo(503);
        assertThat(api.headers().get("content-type")).startsWith("application/json");
        assertThat(api.body()).contains("\"status\":503");

        start = System.nanoTime();
        Browser.Page post = browser.post("/notes/create", Map.of("name", "During the outage", "text", "lost?"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(Duration.ofMillis(2000));
        assertThat(post.status()).isEqualTo(503);

        assertThat(status("/actuator/health/liveness")).as("liveness is the process, not the database").isEqualTo(200);

        postgres = startPostgres();
        assertThat(waitFor("/actuator/health/readiness", code -> code == 200, Duration.ofSeconds(10)))
                .as("readiness UP after the database returned").isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(browser.open("/").text()).contains("Before the outage").doesNotContain("During the outage");
    }

    /** One create as a client saw it: the note's name, the final status, how long the answer took. */
    record Attempt(String name, int status, Duration took) {
    }

    /**
     * Signed-in clients keep creating notes while PostgreSQL stops for 30 s and comes back. Every answer is a
     * success or a 503 within 2 s; every note answered as saved is there once; none answered as failed is there;
     * nothing is there twice.
     */
    @Test
    void underLoadEveryAnswerIsTheTruthAboutWhatWasSaved() throws Exception {
        int clients = 6;
        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Browser browser = new Browser(port);
            String email = "load-" + i + "@example.com";
            browser.submit("/signup", "form[action=/signup]", Map.of("email", email, "password", AcceptanceTest.PASSWORD,
                    "repeatPassword", AcceptanceTest.PASSWORD));
            browser.submit("/signin", "form[action=/signin]", Map.of("email", email, "password", AcceptanceTest.PASSWORD));
            browsers.add(browser);
        }
        List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Browser browser = browsers.get(i);
            int client = i;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int n = 0; running.get(); n++) {
                    String name = "client " + client + " note " + n;
                    long start = System.nanoTime();
                    Browser.Page form = browser.get("/notes/create", "text/html");
                    if (form.status() != 200) {
                        attempts.add(new Attempt(null, form.status(), Duration.ofNanos(System.nanoTime() - start)));
                        sleepQuietly(200);
                        continue;
                    }
                    Map<String, String> fields = new LinkedHashMap<>();
                    form.document().select("form[action=/notes/create] input[type=hidden]")
                            .forEach(input -> fields.put(input.attr("name"), input.val()));
                    fields.putAll(Map.of("name", name, "text", "under load", "pad", ""));
                    start = System.nanoTime();
                    Browser.Page answer = browser.post("/notes/create", fields);
                    attempts.add(new Attempt(name, answer.status(), Duration.ofNanos(System.nanoTime() - start)));
                }
            }));
        }
        Thread.sleep(3_000);
        postgres.close();
        postgres = null;
        Thread.sleep(30_000);
        postgres = startPostgres();
        waitFor("/actuator/health/readiness", code -> code == 200, Duration.ofSeconds(10));
        Thread.sleep(3_000);
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30));
        }

        Map<String, Integer> saved = new HashMap<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT name, count(*) FROM notes WHERE text = 'under load' GROUP BY name")) {
            while (rows.next()) {
                saved.put(rows.getString(1), rows.getInt(2));
            }
        }
        List<Attempt> creates = attempts.stream().filter(attempt -> attempt.name() != null).toList();
        System.out.printf("outage under load: %d requests, %d creates, %d answered as saved, %d answered 503 (slowest %s),"
                        + " %d notes in the database%n", attempts.size(), creates.size(),
                creates.stream().filter(attempt -> attempt.status() == 302).count(),
                attempts.stream().filter(attempt -> attempt.status() == 503).count(),
                attempts.stream().filter(attempt -> attempt.status() == 503).map(Attempt::took).max(Duration::compareTo)
                        .orElse(Duration.ZERO), saved.size());
        assertThat(attempts).as("only successes and 503s").allSatisfy(attempt ->
                assertThat(attempt.status()).isIn(200, 302, 503));
        assertThat(attempts).filteredOn(attempt -> attempt.status() == 503).as("503s within 2 s").isNotEmpty()
                .allSatisfy(attempt -> assertThat(attempt.took()).isLessThanOrEqualTo(Duration.ofMillis(2000)));
        assertThat(creates).filteredOn(attempt -> attempt.status() == 302).as("answered as saved, and saved once")
                .isNotEmpty().allSatisfy(attempt -> assertThat(saved.get(attempt.name())).isEqualTo(1));
        assertThat(creates).filteredOn(attempt -> attempt.status() == 503).as("answered as failed, and not saved")
                .allSatisfy(attempt -> assertThat(saved).doesNotContainKey(attempt.name()));
        assertThat(saved.values()).as("no note saved twice").allMatch(count -> count == 1);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
