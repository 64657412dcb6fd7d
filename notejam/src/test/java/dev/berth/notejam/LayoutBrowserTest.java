package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How the pages look in a real browser: the notes table's header and rows share their columns and nothing scrolls
 * sideways, on a phone (375 px) and on a desktop (1280 px); and the favicon, which every browser asks for.
 */
class LayoutBrowserTest extends AcceptanceTest {

    /** Under target/, so {@code mvn clean} drops them; one PNG per page and viewport, overwritten by each run. */
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** One CSS pixel: sub-pixel layout may round a cell's edge differently from its header's. */
    private static final double TOLERANCE = 1.0;

    /** Each cell a table row shows (display:none ones left out): its left edge and width in CSS pixels. */
    private static final String MEASURE = """
            const cells = row => [...row.cells].filter(c => c.getClientRects().length > 0).map(c => {
              const r = c.getBoundingClientRect();
              return {text: c.innerText.trim().split('\\n')[0], left: r.left, width: r.width, right: r.right};
            });
            const table = document.querySelector('table.notes');
            const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right}; };
            const main = document.querySelector('main');
            const style = getComputedStyle(main);
            return {
              header: cells(table.tHead.rows[0]),
              rows: [...table.tBodies[0].rows].map(cells),
              table: box(table),
              mainContentLeft: main.getBoundingClientRect().left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft),
              mainContentRight: main.getBoundingClientRect().right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight),
              scrollWidth: document.documentElement.scrollWidth,
              innerWidth: window.innerWidth
            };
            """;

    private ChromeDriver driver;

    @AfterEach
    void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"375, 812", "1280, 900"})
    void notesTableColumnsLineUpAndNothingScrollsSideways(int width, int height) throws IOException {
        driver = Chromium.start(); // first: without Chromium, the test is skipped before it makes any data
        Chromium.viewport(driver, width, height);
        String email = newEmail();
        Browser http = signedIn(email);
        long travel = createPad(http, "Travel");
        long paperwork = createPad(http, "Household paperwork: insurance, taxes and what the bank keeps asking for");
        createNote(http, "Packing list", "Passport\nCharger", travel);
        createNote(http, "Milk", "Two litres", null);
        createNote(http, "Questions for the plumber about the radiator that rattles every night at three", "Why?",
                paperwork);
        createNote(http, "Pneumonoultramicroscopicsilicovolcanoconiosis-and-other-words-that-never-break", "Long",
                null);
        createNote(http, "https://example.com/a/very/long/link/that/someone/pasted/as/the/title/of/a/note", "Link",
                travel);

        signIn(email);
        expectHeading("All notes (5)");

        assertColumnsLineUp("notes", width, height, 5);
        // Whatever columns a narrow screen drops, each note still says which pad it is in.
        String packing = driver.findElements(By.cssSelector("table.notes tbody tr")).stream().map(WebElement::getText)
                .filter(text -> text.contains("Packing list")).findFirst().orElseThrow();
        assertThat(packing).as("the Packing list row, as shown at %dx%d", width, height).contains("Travel");

        driver.get("http://localhost:" + port + "/pads/" + paperwork);
        expectHeading("Household paperwork: insurance, taxes and what the bank keeps asking for (1)");
        assertColumnsLineUp("pad", width, height, 1);
    }

    /**
     * On the page open in Chromium, each of the notes table's {@code rowCount} rows shows as many cells as its header, each
     * starting where its header cell does and as wide; the table stays inside the page's box and the page does not
     * scroll sideways. Saves a screenshot first, named after the page and the viewport.
     */
    private void assertColumnsLineUp(String name, int width, int height, int rowCount) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path screenshot = SCREENSHOTS.resolve(name + "-" + width + "x" + height + ".png");
        Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));

        @SuppressWarnings("unchecked")
        Map<String, Object> layout = (Map<String, Object>) driver.executeScript(MEASURE);
        String where = name + " page at " + width + "x" + height + " (see " + screenshot.toAbsolutePath() + ")";

        List<Map<String, Object>> header = cells(layout.get("header"));
        @SuppressWarnings("unchecked")
        List<Object> rows = (List<Object>) layout.get("rows");
        assertThat(rows).as("note rows at %s", where).hasSize(rowCount);
        for (int r = 0; r < rows.size(); r++) {
            List<Map<String, Object>> row = cells(rows.get(r));
            assertThat(row).as("at %s, row %d shows %s under a header of %s", where, r + 1, texts(row), texts(header))
                    .hasSameSizeAs(header);
            for (int c = 0; c < header.size(); c++) {
                Map<String, Object> cell = row.get(c);
                Map<String, Object> head = header.get(c);
                assertThat(number(cell.get("left")))
                        .as("at %s, row %d cell '%s' starts where its header '%s' does", where, r + 1, cell.get("text"),
                                head.get("text"))
                        .isCloseTo(number(head.get("left")), within(TOLERANCE));
                assertThat(number(cell.get("width")))
                        .as("at %s, row %d cell '%s' is as wide as its header '%s'", where, r + 1, cell.get("text"),
                                head.get("text"))
                        .isCloseTo(number(head.get("width")), within(TOLERANCE));
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> table = (Map<String, Object>) layout.get("table");
        assertThat(number(table.get("left"))).as("table's left edge at %s", where)
                .isGreaterThanOrEqualTo(number(layout.get("mainContentLeft")) - TOLERANCE);
        assertThat(number(table.get("right"))).as("table's right edge, within the page's box, at %s", where)
                .isLessThanOrEqualTo(number(layout.get("mainContentRight")) + TOLERANCE);
        // A phone zooms out a page wider than the screen, which widens innerWidth to the page: so it must stay the screen's.
        assertThat(number(layout.get("innerWidth"))).as("viewport width (not zoomed out to fit) at %s", where)
                .isEqualTo(width);
        assertThat(number(layout.get("scrollWidth"))).as("page width (no sideways scrolling) at %s", where)
                .isLessThanOrEqualTo(number(layout.get("innerWidth")));
    }

    @Test
    void faviconAnswersWithoutSigningInAndEveryPageLinksAnIcon() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<byte[]> ico = anonymous.send(HttpRequest.newBuilder(url("/favicon.ico")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ico.statusCode()).as("/favicon.ico without a session (a redirect would be to /signin)").isEqualTo(200);
        assertThat(ico.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).isIn("image/x-icon", "image/vnd.microsoft.icon"));
        assertThat(ico.body()).as("an ICO file's header: reserved 0, type 1 (icon)").startsWith(0, 0, 1, 0);
        assertThat(ico.headers().allValues("Set-Cookie")).as("a session for an icon").isEmpty();
        assertThat(maxAge(ico)).as("/favicon.ico's cache lifetime, in seconds").isGreaterThanOrEqualTo(Duration.ofDays(7).toSeconds());

        // The layout's icons, on a page anyone sees and on a signed-in user's page: each answers, without a session.
        for (Browser.Page page : List.of(browser().open("/signin"), signedIn().open("/"))) {
            assertThat(page.document().select("head link[rel=icon][type=image/svg+xml]"))
                    .as("<link rel=icon type=image/svg+xml> on %s", page.uri()).hasSize(1);
            List<Element> links = page.document().select("head link[rel=icon], head link[rel=apple-touch-icon]");
            assertThat(links).as("icon links on %s", page.uri()).hasSize(3);
            for (Element link : links) {
                String href = link.attr("href");
                assertThat(href).as("the icon's URL, content-hashed like the stylesheet's")
                        .matches("/static/.+-[0-9a-f]{32}\\.(svg|ico|png)");
                HttpResponse<byte[]> icon = anonymous.send(HttpRequest.newBuilder(url(href)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(icon.statusCode()).as("GET %s without a session", href).isEqualTo(200);
                assertThat(icon.headers().firstValue("Content-Type")).as("%s's type", href)
                        .hasValueSatisfying(type -> assertThat(type).startsWith("image/"));
                if (href.endsWith(".svg")) {
                    assertThat(new String(icon.body(), StandardCharsets.UTF_8)).contains("<svg");
                }
                assertThat(maxAge(icon)).as("%s's cache lifetime, in seconds", href)
                        .isGreaterThanOrEqualTo(Duration.ofDays(365).toSeconds());
            }
        }
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static long maxAge(HttpResponse<?> response) {
        String cacheControl = response.headers().firstValue("Cache-Control").orElse("");
        Matcher maxAge = Pattern.compile("max-age=(\\d+)").matcher(cacheControl);
        assertThat(maxAge.find()).as("max-age in Cache-Control: %s", cacheControl).isTrue();
        return Long.parseLong(maxAge.group(1));
    }

    private void signIn(String email) {
        driver.get("http://localhost:" + port + "/signin");
        driver.findElement(By.name("email")).sendKeys(email);
        driver.findElement(By.name("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("main button[type=submit]")).click();
    }

    private void expectHeading(String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "heading '" + text + "' on " + driver.getCurrentUrl())
                .until(d -> d.findElement(By.tagName("h1")).getText().equals(text));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cells(Object row) {
        return (List<Map<String, Object>>) row;
    }

    private static List<Object> texts(List<Map<String, Object>> cells) {
        return cells.stream().map(cell -> cell.get("text")).toList();
    }

    /** WebDriver hands back JavaScript numbers as Long or Double. */
    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }
}
