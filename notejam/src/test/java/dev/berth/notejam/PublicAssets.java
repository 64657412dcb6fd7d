package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The build's export of the static assets, {@code target/public} (StaticAssets, at process-classes: before the tests),
 * which {@code berth push} uploads to the assets bucket CloudFront serves {@code /static/*} from; and the
 * {@code /static/} links a page or stylesheet makes, which must all be in it.
 */
final class PublicAssets {

    static final Path DIRECTORY = Path.of("target", "public");

    /** {@code url(...)} and {@code @import "..."} in a stylesheet: the links Spring's CssLinkResourceTransformer rewrites. */
    private static final Pattern CSS_LINK = Pattern.compile(
            "url\\(\\s*(['\"]?)([^'\")]+)\\1\\s*\\)|@import\\s+(['\"])([^'\"]+)\\3");

    private PublicAssets() {
    }

    /**
     * Each exported file by its URL path ({@code /static/css/notejam-<md5>.css}: its bucket key with a leading slash).
     * Missing is a failure, never a skip: the build writes it before any test runs.
     */
    static Map<String, Path> exported() {
        assertThat(DIRECTORY.resolve("static"))
                .as("the static assets' export, written by the build at process-classes (./mvnw -pl notejam process-classes)")
                .isDirectory();
        try (Stream<Path> files = Files.walk(DIRECTORY)) {
            Map<String, Path> exported = new TreeMap<>();
            files.filter(Files::isRegularFile).forEach(file ->
                    exported.put("/" + DIRECTORY.relativize(file).toString().replace('\\', '/'), file));
            return exported;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every static asset a page links in an attribute (the stylesheet, the icons; a script or image if one comes), as
     * written in the page. A link to {@code static/} by any other path than {@code /static/...} fails: the CDN serves
     * {@code /static/*} only.
     */
    static Set<String> linkedFrom(Document page) {
        Set<String> links = new TreeSet<>();
        for (Element element : page.select("[href], [src], [srcset]")) {
            for (String attribute : new String[] {"href", "src", "srcset"}) {
                String value = element.attr(attribute);
                if (value.contains("static/")) {
                    assertThat(value).as("%s=\"%s\" in <%s>", attribute, value, element.tagName()).startsWith("/static/");
                    links.add(value);
                }
            }
        }
        return links;
    }

    /** The links in a stylesheet served at {@code cssUrl}, resolved against it (data: URIs and other sites left out). */
    static Set<String> linkedFrom(String css, String cssUrl) {
        Set<String> links = new TreeSet<>();
        Matcher link = CSS_LINK.matcher(css);
        while (link.find()) {
            String target = link.group(2) != null ? link.group(2).strip() : link.group(4).strip();
            if (!target.matches("[A-Za-z][A-Za-z0-9+.-]*:.*|//.*")) {
                links.add(URI.create(cssUrl).resolve(target).getPath());
            }
        }
        return links;
    }
}
