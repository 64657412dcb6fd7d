package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.notejam.system.StaticAssets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The static assets as CloudFront will serve them: {@code /static/*} from the bucket the build's export
 * ({@code target/public}) is uploaded to, everything else from the app. Every asset a page links, in its HTML or in
 * its stylesheet, is in the export under that URL with the bytes the app serves there; hashed assets are cached a
 * year as immutable, plain names are not served, and no page may be stored.
 */
class StaticAssetsAcceptanceTest extends AcceptanceTest {

    static final Set<String> IMMUTABLE_FOR_A_YEAR = Set.of("public", "max-age=31536000", "immutable");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void everyAssetThePagesLinkIsExportedWithTheBytesTheAppServes() {
        Map<String, Path> exported = PublicAssets.exported();
        Browser signedIn = signedIn();
        long pad = createPad(signedIn, "Errands");
        long note = createNote(signedIn, "Milk", "two litres", pad);
        Map<String, Browser.Page> pages = new LinkedHashMap<>();
        pages.put("sign-in, signed out", browser().get("/signin"));
        pages.put("sign-up, signed out", browser().get("/signup"));
        pages.put("all notes", signedIn.get("/"));
        pages.put("a pad", signedIn.get("/pads/" + pad));
        pages.put("a note", signedIn.get("/notes/" + note));
        pages.put("a note's edit form", signedIn.get("/notes/" + note + "/edit"));
        pages.put("404, signed in", signedIn.get("/notes/" + Long.MAX_VALUE, "text/html"));
        pages.put("404, signed out", browser().get("/static/no-such-file.css", "text/html"));
        pages.put("400 before security (a NUL)", browser().get("/signin?email=%00", "text/html"));

        Set<String> linked = new TreeSet<>();
        pages.forEach((name, page) -> {
            assertThat(page.headers().get("content-type")).as("%s is a page", name).startsWith("text/html");
            Set<String> links = PublicAssets.linkedFrom(page.document());
            assertThat(links).as("static assets linked from %s", name).isNotEmpty();
            linked.addAll(links);
        });
        // What the stylesheets link in turn (url(...), @import), as CloudFront will be asked for it too.
        Deque<String> stylesheets = linked.stream().filter(url -> url.endsWith(".css"))
                .collect(Collectors.toCollection(ArrayDeque::new));
        while (!stylesheets.isEmpty()) {
            String css = stylesheets.pop();
            for (String link : PublicAssets.linkedFrom(new String(get(css).body(), StandardCharsets.UTF_8), css)) {
                if (linked.add(link) && link.endsWith(".css")) {
                    stylesheets.push(link);
                }
            }
        }

        assertThat(linked).as("the stylesheet and the three icons").hasSizeGreaterThanOrEqualTo(4);
        for (String url : linked) {
            assertThat(exported).as("the export (target/public) holds %s, linked from a page", url).containsKey(url);
            HttpResponse<byte[]> served = get(url);
            assertThat(served.statusCode()).as("GET %s", url).isEqualTo(200);
            assertThat(served.body()).as("the bytes the app serves at %s are the exported file's", url)
                    .isEqualTo(PublicAssets.bytes(exported.get(url)));
            assertThat(directives(served)).as("Cache-Control of %s", url).isEqualTo(IMMUTABLE_FOR_A_YEAR);
        }
    }

    @Test
    void theExportHoldsEveryStaticFileOnceUnderItsHashedNameAsServed() throws IOException {
        Map<String, Path> exported = PublicAssets.exported();
        Set<String> sources;
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "resources", "static"))) {
            sources = files.filter(Files::isRegularFile)
                    .map(file -> "/static/" + Path.of("src", "main", "resources", "static").relativize(file).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(exported.keySet().stream().map(url -> url.replaceFirst("-[0-9a-f]{32}(\\.[^./]+)$", "$1")).toList())
                .as("each source file under src/main/resources/static, once, with an md5 in its exported name")
                .containsExactlyInAnyOrderElementsOf(sources);
        for (Map.Entry<String, Path> file : exported.entrySet()) {
            HttpResponse<byte[]> served = get(file.getKey());
            assertThat(served.statusCode()).as("GET %s (exported)", file.getKey()).isEqualTo(200);
            assertThat(served.body()).as("%s as served and as exported", file.getKey())
                    .isEqualTo(PublicAssets.bytes(file.getValue()));
            assertThat(directives(served)).as("Cache-Control of %s", file.getKey()).isEqualTo(IMMUTABLE_FOR_A_YEAR);

            // Revalidated (a browser's reload): the 304 keeps the header, so a cache does not lose the year.
            String lastModified = served.headers().firstValue("Last-Modified").orElseThrow();
            HttpResponse<byte[]> revalidated = send(HttpRequest.newBuilder(url(file.getKey()))
                    .header("If-Modified-Since", lastModified));
            assertThat(revalidated.statusCode()).as("GET %s If-Modified-Since %s", file.getKey(), lastModified).isEqualTo(304);
            assertThat(directives(revalidated)).as("Cache-Control of the 304 for %s", file.getKey()).isEqualTo(IMMUTABLE_FOR_A_YEAR);
        }
    }

    /**
     * The export runs the app's own resource chain, so a stylesheet's links come out rewritten as the app serves them:
     * proved on a stylesheet on the test class path only (src/test/resources/static/test-only/links.css), with a
     * relative, an absolute and an {@code @import} link, exported here the way the build exports the real ones.
     */
    @Test
    void theExportRewritesAStylesheetsLinksAsTheAppDoes() throws IOException {
        SortedMap<String, byte[]> exported = StaticAssets.served();
        String url = exported.keySet().stream().filter(key -> key.startsWith("/static/test-only/links-")).findFirst().orElseThrow();
        String css = new String(exported.get(url), StandardCharsets.UTF_8);
        assertThat(PublicAssets.linkedFrom(css, url)).as("the links in the exported %s", url)
                .hasSize(3).allSatisfy(link -> assertThat(link).matches("/static/.+-[0-9a-f]{32}\\.(svg|png|css)"))
                .allSatisfy(link -> assertThat(exported).containsKey(link));
        for (Map.Entry<String, byte[]> asset : exported.entrySet()) {
            assertThat(get(asset.getKey()).body()).as("%s as served and as exported", asset.getKey()).isEqualTo(asset.getValue());
        }
    }

    /**
     * A plain name is refused (404, an error page not to be stored): given the year-long immutable header, a cache would
     * keep it forever under a name whose content changes; and the CDN's bucket holds hashed names only, so the app
     * answers as CloudFront will. {@code /favicon.ico} is the exception browsers need: the app serves it (CloudFront
     * forwards it), a month, not immutable, and it is not in the export.
     */
    @Test
    void plainNamesAreNotServedAndTheFaviconIsCachedAMonthNotForever() {
        for (String url : PublicAssets.exported().keySet()) {
            String plain = url.replaceFirst("-[0-9a-f]{32}(\\.[^./]+)$", "$1");
            HttpResponse<byte[]> response = get(plain);
            assertThat(response.statusCode()).as("GET %s, the plain name of %s", plain, url).isEqualTo(404);
            assertThat(directives(response)).as("Cache-Control of GET %s", plain).contains("no-store").doesNotContain("immutable");
        }
        HttpResponse<byte[]> staleHash = get("/static/css/notejam-0123456789abcdef0123456789abcdef.css");
        assertThat(staleHash.statusCode()).as("a hash that is not the file's (an older release's)").isEqualTo(404);

        HttpResponse<byte[]> favicon = get("/favicon.ico");
        assertThat(favicon.statusCode()).isEqualTo(200);
        assertThat(directives(favicon)).as("Cache-Control of /favicon.ico").isEqualTo(Set.of("public", "max-age=2592000"));
        assertThat(PublicAssets.exported().keySet()).noneMatch(url -> url.startsWith("/favicon"));
    }

    @Test
    void noPageMayBeStoredSignedInOrNotErrorsIncluded() {
        Browser signedIn = signedIn();
        long note = createNote(signedIn, "Stored?", "no", null);
        Map<String, Browser.Page> pages = new LinkedHashMap<>();
        pages.put("sign-in", browser().get("/signin", "text/html"));
        pages.put("sign-up", browser().get("/signup", "text/html"));
        pages.put("forgot password", browser().get("/forgot-password", "text/html"));
        pages.put("all notes", signedIn.get("/", "text/html"));
        pages.put("a note", signedIn.get("/notes/" + note, "text/html"));
        pages.put("settings", signedIn.get("/settings", "text/html"));
        pages.put("404, signed in", signedIn.get("/notes/" + Long.MAX_VALUE, "text/html"));
        pages.put("404, no such route", signedIn.get("/no-such-page", "text/html"));
        pages.put("400, an id that is no number", signedIn.get("/notes/abc", "text/html"));
        pages.put("400 before security (a NUL), signed out", browser().get("/signin?email=%00", "text/html"));
        pages.put("400 before security (a NUL), signed in", signedIn.get("/?q=%00", "text/html"));
        pages.put("404 before security (/error asked for)", browser().get("/error", "text/html"));
        pages.put("a redirect to sign in", browser().get("/", "text/html"));
        pages.put("JSON error", browser().get("/error", "application/json"));
        pages.forEach((name, page) -> assertThat(Arrays.asList(page.headers().getOrDefault("cache-control", "").split(",\\s*")))
                .as("Cache-Control of %s (%d)", name, page.status()).contains("no-store"));
        List<Integer> statuses = pages.values().stream().map(Browser.Page::status).distinct().sorted().toList();
        assertThat(statuses).as("the kinds of answer covered").containsExactly(200, 302, 400, 404);
    }

    private HttpResponse<byte[]> get(String path) {
        return send(HttpRequest.newBuilder(url(path)));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Cache-Control's directives, in any order (one header expected). */
    private static Set<String> directives(HttpResponse<?> response) {
        List<String> values = response.headers().allValues("Cache-Control");
        assertThat(values).as("Cache-Control headers").hasSizeLessThanOrEqualTo(1);
        return values.isEmpty() ? Set.of() : Set.of(values.getFirst().split(",\\s*"));
    }
}
