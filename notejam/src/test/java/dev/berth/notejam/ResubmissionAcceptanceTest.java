package dev.berth.notejam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * A create form posted twice (a retry after a lost answer, a double click) saves once: both posts land on the
 * same note or pad.
 */
class ResubmissionAcceptanceTest extends AcceptanceTest {

    /** Opens the form once and posts the very same fields twice; the pages the two posts end on. */
    static Browser.Page[] postTwice(Browser browser, String page, String formSelector, Map<String, String> values) {
        Element form = browser.open(page).document().selectFirst(formSelector);
        assertThat(form).isNotNull();
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> fields.put(input.attr("name"), input.val()));
        assertThat(fields).containsKey("formToken");
        fields.putAll(values);
        return new Browser.Page[] {browser.follow(browser.post(form.attr("action"), fields)),
                browser.follow(browser.post(form.attr("action"), fields))};
    }

    @Test
    void aNoteFormPostedTwiceSavesOneNote() {
        Browser browser = signedIn();
        Browser.Page[] pages = postTwice(browser, "/notes/create", "form[action=/notes/create]",
                Map.of("name", "Only once", "text", "posted twice", "pad", ""));
        assertThat(pages[0].uri()).isEqualTo(pages[1].uri());
        assertThat(pages[1].status()).isEqualTo(200);
        assertThat(browser.open("/").text()).contains("All notes (1)");
    }

    @Test
    void aPadFormPostedTwiceSavesOnePad() {
        Browser browser = signedIn();
        Browser.Page[] pages = postTwice(browser, "/pads/create", "form[action=/pads/create]", Map.of("name", "Once"));
        assertThat(pages[0].uri()).isEqualTo(pages[1].uri());
        assertThat(browser.open("/").document().select("ul.pads a").eachText()).containsOnlyOnce("Once");
    }

    @Test
    void twoFormsOpenedOneAfterTheOtherSaveTwoNotes() {
        Browser browser = signedIn();
        createNote(browser, "Same name", "first", null);
        createNote(browser, "Same name", "second", null);
        assertThat(browser.open("/").text()).contains("All notes (2)");
    }
}
